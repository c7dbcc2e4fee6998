import Database from "better-sqlite3";
const d = new Database(process.argv[2], { readonly: true });
console.log(d.prepare(process.argv[3]).all());

// Reference point for `npm run bench:fhir`: a bare Node http server answering every request with the Bundle it
// was sent (over IPC from the load test), serialised with JSON.stringify per request. No framework, no database.
import { createServer } from "node:http";

const port = Number(process.argv[2]);
process.once("message", (bundle) => {
  const server = createServer((_req, res) => {
    const text = JSON.stringify(bundle);
    res.writeHead(200, { "Content-Type": "application/fhir+json;charset=utf-8", "Cache-Control": "no-store" });
    res.end(text);
  });
  server.listen(port, "127.0.0.1", () => process.send?.("ready"));
  process.once("disconnect", () => server.close(() => process.exit(0)));
});

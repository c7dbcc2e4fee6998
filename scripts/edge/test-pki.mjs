// A throwaway public-key infrastructure made with openssl, standing in for the NHS Root CA in the front-end tests:
// a root CA, this server's certificate, and client certificates: a good one, one revoked (in the CRL), one expired,
// and one from another CA the edge does not trust.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const openssl = (args, cwd) => execFileSync("openssl", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function caConfig(dir) {
  return `[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ${dir}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
crlnumber = $dir/crlnumber
certificate = $dir/ca.pem
private_key = $dir/ca.key
default_md = sha256
default_days = 30
default_crl_days = 30
policy = policy_any
unique_subject = no
[ policy_any ]
commonName = supplied
organizationName = optional
organizationalUnitName = optional
[ client_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
[ server_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
`;
}

function makeCa(dir, cn) {
  mkdirSync(join(dir, "newcerts"), { recursive: true });
  writeFileSync(join(dir, "index.txt"), "");
  writeFileSync(join(dir, "serial"), "1000\n");
  writeFileSync(join(dir, "crlnumber"), "1000\n");
  writeFileSync(join(dir, "ca.cnf"), caConfig(dir));
  openssl(["req", "-x509", ...EC, "-keyout", "ca.key", "-out", "ca.pem", "-days", "3650", "-subj", `/O=Test/CN=${cn}`, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
}

function issue(caDir, name, subject, ext, dates = {}) {
  openssl(["req", "-new", ...EC, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject], caDir);
  const period = dates.start ? ["-startdate", dates.start, "-enddate", dates.end] : ["-days", "30"];
  openssl(["ca", "-batch", "-notext", "-config", "ca.cnf", "-extensions", ext, "-in", `${name}.csr`, "-out", `${name}.pem`, ...period], caDir);
  return { cert: readFileSync(join(caDir, `${name}.pem`)), key: readFileSync(join(caDir, `${name}.key`)), subject };
}

/** Makes everything under `dir`; returns the files HAProxy needs and the client identities. */
export function makeTestPki(dir) {
  const root = join(dir, "ca");
  const other = join(dir, "other-ca");
  makeCa(root, "Test NHS Root CA");
  makeCa(other, "Some Other CA");
  const server = issue(root, "server", "/O=Test/CN=localhost", "server_ext");
  const good = issue(root, "good", "/O=Test/OU=Spine Secure Proxy/CN=proxy.spine.test", "client_ext");
  const revoked = issue(root, "revoked", "/O=Test/OU=Spine Secure Proxy/CN=revoked.spine.test", "client_ext");
  const expired = issue(root, "expired", "/O=Test/OU=Spine Secure Proxy/CN=expired.spine.test", "client_ext", { start: "20240101000000Z", end: "20240201000000Z" });
  const foreign = issue(other, "foreign", "/O=Test/OU=Spine Secure Proxy/CN=proxy.spine.test", "client_ext");
  openssl(["ca", "-config", "ca.cnf", "-revoke", "revoked.pem", "-crl_reason", "keyCompromise"], root);
  openssl(["ca", "-config", "ca.cnf", "-gencrl", "-out", "crl.pem"], root);
  const serverPem = join(dir, "server-with-key.pem");
  writeFileSync(serverPem, Buffer.concat([server.cert, server.key]));
  return {
    caFile: join(root, "ca.pem"),
    crlFile: join(root, "crl.pem"),
    serverPem,
    ca: readFileSync(join(root, "ca.pem")),
    clients: { good, revoked, expired, foreign },
  };
}

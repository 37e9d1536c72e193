// Copy GOV.UK Frontend's built files from node_modules into the Python package, where the
// web app serves them under /assets.
// Run after `npm ci`: `npm run build`. The copied files are committed, so users of the
// Python package never need Node.
//
// The GDS Transport font and the crown (the favicons, app icons and crest are the crown) may
// only be used on GOV.UK domains, and attain runs on local authority domains: none of
// GOV.UK Frontend's fonts or images are copied, the fonts' @font-face rules are removed (text
// falls back to Arial, as GOV.UK Frontend's font stack intends), and pages use the generic
// header, no GOV.UK icons and a footer without Crown copyright.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const target = join(root, "src", "attain", "web", "static", "govuk");
const version = JSON.parse(
  readFileSync(join(root, "node_modules", "govuk-frontend", "package.json"), "utf8"),
).version;

mkdirSync(target, { recursive: true });
const css = readFileSync(join(source, "govuk-frontend.min.css"), "utf8")
  .replace(/@font-face\{[^}]*\}/g, "")
  .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, "");
writeFileSync(join(target, "govuk-frontend.min.css"), css);
const js = readFileSync(join(source, "govuk-frontend.min.js"), "utf8")
  .replace(/\/\/# sourceMappingURL=\S*/g, "");
writeFileSync(join(target, "govuk-frontend.min.js"), js);
console.log(`copied GOV.UK Frontend ${version} into src/attain/web/static`);

// Validates Mermaid files with the real Mermaid parser: node parse.mjs FILE...
// Exit 1 if any file fails to parse or has a task with an invalid date.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  try {
    const r = await mermaid.parse(text);
    // Parsing checks the grammar; building the task list also checks every date.
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const tasks = diagram.db.getTasks ? diagram.db.getTasks() : [];
    for (const t of tasks) {
      if (!(t.startTime instanceof Date) || isNaN(t.startTime) || isNaN(t.endTime)) throw new Error(`task ${t.id}: invalid dates`);
    }
    console.log(`ok ${file}: ${r.diagramType}, ${tasks.length} tasks`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${file}: ${e.message ?? e}`);
  }
}
process.exit(failed ? 1 : 0);

import { readFileSync, readdirSync } from "node:fs";
import { parseStandard, parseStandardBytes, StandardParseError } from "~/domain/standard/parse";
const dir = "templates/demo/standards/";
const texts = readdirSync(dir).filter(f => f.endsWith(".txt")).map(f => readFileSync(dir + f, "utf8"));
let seed = 987; const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T,>(a: T[]) => a[Math.floor(rnd() * a.length)];
const counts: Record<string, number> = {}; let max = 0;
function run(label: string, f: () => unknown) {
  const t = performance.now();
  try { f(); counts[label + ":ok"] = (counts[label + ":ok"] ?? 0) + 1; }
  catch (e) { if (e instanceof StandardParseError) counts[label + ":" + e.reason] = (counts[label + ":" + e.reason] ?? 0) + 1; else { console.log(label, "BUG", e); process.exit(1); } }
  max = Math.max(max, performance.now() - t);
}
const tokens = ["\t", "\n", "\n\n", "<p>", "</p>", "<ol style=\"x\">", "一、", "五、", "1. ", "2. ", "P1.1.1", "P9.9.9", "O1.1.1", "T1", "T2.1", "K01", "S01", "A01", "【註2】", "。", "：", "中", "職能內涵 (K=knowledge 知識)\t", "說明與補充事項\n", "職能內涵 (A=attitude 態度)\n", "主要職責\t工作任務\t工作產出\t行為指標\t職能級別\t知識\t技能\n", "工作任務與行為指標\t", "評量設計參考\t", "●", "- ", "&amp;", "無"];
for (let i = 0; i < 20000; i++) {
  let t = pick(texts);
  const n = 1 + Math.floor(rnd() * 12);
  for (let k = 0; k < n; k++) {
    const op = rnd(); const pos = Math.floor(rnd() * (t.length + 1));
    if (op < 0.5) t = t.slice(0, pos) + pick(tokens) + t.slice(pos);
    else if (op < 0.8) t = t.slice(0, pos) + t.slice(pos + Math.floor(rnd() * 300));
    else { const lines = t.split("\n"); const a = Math.floor(rnd() * lines.length), b = Math.floor(rnd() * lines.length); [lines[a], lines[b]] = [lines[b], lines[a]]; t = lines.join("\n"); }
  }
  run("mut", () => parseStandard(t));
  if (i % 10 === 0) { const cells = t.split("\n").map(l => l.split("\t").sort(() => rnd() - 0.5).join("\t")).join("\n"); run("cellshuffle", () => parseStandard(cells)); }
}
console.log(counts, "max ms", max.toFixed(1));

/**
 * The two charts of an exam's item analysis (app/domain/exam/item-analysis.ts): the distribution of
 * totals and difficulty × discrimination per item. Plain SVG drawn by React, so they render on the
 * server and read without JavaScript (no chart library); `viewBox` + width 100% make them scale.
 *
 * Accessible as images with a text alternative: role="img", a <title> and a <desc> that states the
 * figures (every bin's count; which items are flagged). Flagged items are crosses, others circles, so
 * the distinction never rests on colour alone; each bar and point has a <title> shown on hover.
 * Colours are the app's CSS variables (app/styles/app.css) with their values as fallbacks.
 */
import { useId } from "react";

import type { HistogramBin } from "~/domain/exam/item-analysis";

const INK = "var(--ink, #1f2933)";
const MUTED = "var(--muted, #5f6b7a)";
const LINE = "var(--line, #d9dee5)";
const BRAND = "var(--brand, #1d4f91)";
const BAD = "var(--bad, #b42318)";
const WARN = "var(--warn, #9a6200)";
const SHADE = "#eef2f7";

const SVG_STYLE = { width: "100%", height: "auto", display: "block", fontFamily: "inherit" } as const;

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const plotWidth = (f: Frame) => f.width - f.left - f.right;
const plotHeight = (f: Frame) => f.height - f.top - f.bottom;

/** 0.35 → "0.35"; −0 shows as 0. */
function fixed(value: number, digits = 2): string {
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** Percent edges as printed: 10 → "10", 12.5 → "12.5". */
function percent(value: number): string {
  return Number.isInteger(value) ? String(value) : fixed(value, 1);
}

/** A tick step of 1, 2 or 5 × 10^n giving at most `most` steps up to `max`. */
function tickStep(max: number, most = 5): number {
  if (max <= most) return 1;
  const raw = max / most;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

export interface ScoreHistogramProps {
  /** From analyseItems(…).test.histogram: percent bins of the paper's max. */
  bins: HistogramBin[];
  /** The pass mark as a percent of the max (60 by default in the national tests); null for none. */
  passPercent?: number | null;
}

/** 總分分布直方圖: how many candidates' totals fall in each percent band, with the pass mark. */
export function ScoreHistogram({ bins, passPercent = null }: ScoreHistogramProps) {
  const id = useId();
  const frame: Frame = { width: 640, height: 300, left: 56, right: 20, top: 30, bottom: 56 };
  const w = plotWidth(frame);
  const h = plotHeight(frame);
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  const highest = Math.max(0, ...bins.map((bin) => bin.count));
  const step = tickStep(highest);
  const yMax = Math.max(step, Math.ceil(highest / step) * step);
  const x = (p: number) => frame.left + (Math.min(100, Math.max(0, p)) / 100) * w;
  const y = (count: number) => frame.top + h - (count / yMax) * h;
  const yTicks = Array.from({ length: Math.round(yMax / step) + 1 }, (_, i) => i * step);
  const xTicks = [...new Set([0, ...bins.map((bin) => bin.to)])];
  const showPass = passPercent !== null && Number.isFinite(passPercent) && passPercent >= 0 && passPercent <= 100;

  const binText = (bin: HistogramBin, last: boolean) =>
    `${percent(bin.from)}%${last ? "～100%" : `～未滿 ${percent(bin.to)}%`}：${bin.count} 人` +
    (bin.share !== null && total > 0 ? `（${fixed(bin.share * 100, 1)}%）` : "");
  const description =
    total === 0
      ? "尚無已計分的作答。"
      : `共 ${total} 人。` +
        bins.map((bin, index) => binText(bin, index === bins.length - 1)).join("；") +
        "。" +
        (showPass ? `及格線為滿分的 ${percent(passPercent)}%。` : "");

  return (
    <svg
      viewBox={`0 0 ${frame.width} ${frame.height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      style={SVG_STYLE}
    >
      <title id={`${id}-title`}>總分分布直方圖</title>
      <desc id={`${id}-desc`}>{description}</desc>

      {yTicks.map((tick) => (
        <g key={tick}>
          <line x1={frame.left} x2={frame.left + w} y1={y(tick)} y2={y(tick)} style={{ stroke: LINE }} strokeWidth={1} />
          <text x={frame.left - 8} y={y(tick)} dy="0.35em" textAnchor="end" fontSize={12} style={{ fill: MUTED }}>
            {tick}
          </text>
        </g>
      ))}

      {bins.map((bin, index) =>
        bin.count > 0 ? (
          <g key={bin.from}>
            <rect
              x={x(bin.from) + 1.5}
              y={y(bin.count)}
              width={Math.max(0, x(bin.to) - x(bin.from) - 3)}
              height={frame.top + h - y(bin.count)}
              style={{ fill: BRAND }}
              fillOpacity={0.85}
            >
              <title>{binText(bin, index === bins.length - 1)}</title>
            </rect>
            <text
              x={(x(bin.from) + x(bin.to)) / 2}
              y={y(bin.count) - 5}
              textAnchor="middle"
              fontSize={11}
              style={{ fill: INK }}
            >
              {bin.count}
            </text>
          </g>
        ) : null,
      )}

      <line x1={frame.left} x2={frame.left + w} y1={frame.top + h} y2={frame.top + h} style={{ stroke: INK }} strokeWidth={1} />
      <line x1={frame.left} x2={frame.left} y1={frame.top} y2={frame.top + h} style={{ stroke: INK }} strokeWidth={1} />
      {xTicks.map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={frame.top + h} y2={frame.top + h + 5} style={{ stroke: INK }} strokeWidth={1} />
          <text x={x(tick)} y={frame.top + h + 18} textAnchor="middle" fontSize={12} style={{ fill: MUTED }}>
            {percent(tick)}
          </text>
        </g>
      ))}

      {showPass ? (
        <g>
          <line
            x1={x(passPercent)}
            x2={x(passPercent)}
            y1={frame.top - 8}
            y2={frame.top + h}
            style={{ stroke: BAD }}
            strokeWidth={2}
            strokeDasharray="6 4"
          />
          <text
            x={x(passPercent) + (passPercent > 85 ? -6 : 6)}
            y={frame.top - 12}
            textAnchor={passPercent > 85 ? "end" : "start"}
            fontSize={12}
            fontWeight={600}
            style={{ fill: BAD }}
          >
            {`及格線 ${percent(passPercent)}%`}
          </text>
        </g>
      ) : null}

      {total === 0 ? (
        <text x={frame.left + w / 2} y={frame.top + h / 2} textAnchor="middle" fontSize={14} style={{ fill: MUTED }}>
          尚無已計分的作答
        </text>
      ) : null}

      <text x={frame.left + w / 2} y={frame.height - 10} textAnchor="middle" fontSize={13} style={{ fill: INK }}>
        總分（占滿分百分比 %）
      </text>
      <text
        transform={`translate(16 ${frame.top + h / 2}) rotate(-90)`}
        textAnchor="middle"
        fontSize={13}
        style={{ fill: INK }}
      >
        人數
      </text>
    </svg>
  );
}

export interface PlotItem {
  /** As shown, e.g. "第 3 題 Q012". */
  label: string;
  /** P, 0–1; null (not plotted) when it could not be computed. */
  difficulty: number | null;
  /** D, −1–1; null (not plotted) when it could not be computed. */
  discrimination: number | null;
  /** Shown as a cross: the item has a flag worth a look (negative or low discrimination, too easy…). */
  flagged: boolean;
}

/** 難度與鑑別度散布圖: each item at (P, D), with Ebel's 0.2 and 0.4 lines and the too-hard / too-easy bands. */
export function DifficultyDiscriminationPlot({ items }: { items: PlotItem[] }) {
  const id = useId();
  const frame: Frame = { width: 640, height: 400, left: 56, right: 96, top: 40, bottom: 56 };
  const w = plotWidth(frame);
  const h = plotHeight(frame);
  const plotted = items.filter(
    (item): item is PlotItem & { difficulty: number; discrimination: number } =>
      item.difficulty !== null &&
      item.discrimination !== null &&
      Number.isFinite(item.difficulty) &&
      Number.isFinite(item.discrimination),
  );
  // D from a multiple of 0.2 at or below the lowest item (at least −0.2, so 0 is always inside) up to 1.
  const lowestStep = Math.min(-1, Math.floor(Math.min(0, ...plotted.map((item) => item.discrimination)) / 0.2 + 1e-9));
  const yMin = Math.max(-5, lowestStep) * 0.2;
  const x = (p: number) => frame.left + Math.min(1, Math.max(0, p)) * w;
  const y = (d: number) => frame.top + h - ((Math.min(1, Math.max(yMin, d)) - yMin) / (1 - yMin)) * h;
  const yTicks = Array.from({ length: 5 - Math.max(-5, lowestStep) + 1 }, (_, i) => (Math.max(-5, lowestStep) + i) * 0.2);
  const xTicks = Array.from({ length: 11 }, (_, i) => i / 10);

  const flagged = plotted.filter((item) => item.flagged);
  const missing = items.length - plotted.length;
  const pointText = (item: PlotItem & { difficulty: number; discrimination: number }) =>
    `${item.label}：難度 P = ${fixed(item.difficulty)}，鑑別度 D = ${fixed(item.discrimination)}${item.flagged ? "（需檢視）" : ""}`;
  const description =
    (plotted.length === 0 ? "尚無可繪製的試題。" : `共 ${plotted.length} 題。`) +
    (flagged.length > 0 ? `需檢視 ${flagged.length} 題（以叉號標示）：${flagged.map(pointText).join("；")}。` : plotted.length > 0 ? "沒有需檢視的試題。" : "") +
    (missing > 0 ? `另有 ${missing} 題因作答人數不足等原因無法計算，未繪出。` : "");

  const guide = (d: number, text: string) => (
    <g>
      <line x1={frame.left} x2={frame.left + w} y1={y(d)} y2={y(d)} style={{ stroke: WARN }} strokeWidth={1.5} strokeDasharray="6 4" />
      <text x={frame.left + w + 6} y={y(d)} dy="0.35em" fontSize={12} style={{ fill: WARN }}>
        {text}
      </text>
    </g>
  );

  return (
    <svg
      viewBox={`0 0 ${frame.width} ${frame.height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      style={SVG_STYLE}
    >
      <title id={`${id}-title`}>難度與鑑別度散布圖</title>
      <desc id={`${id}-desc`}>{description}</desc>

      {/* P < 0.2 too hard, P > 0.9 too easy. */}
      <rect x={x(0)} y={frame.top} width={x(0.2) - x(0)} height={h} style={{ fill: SHADE }} />
      <rect x={x(0.9)} y={frame.top} width={x(1) - x(0.9)} height={h} style={{ fill: SHADE }} />
      <text x={(x(0) + x(0.2)) / 2} y={frame.top + 14} textAnchor="middle" fontSize={12} style={{ fill: MUTED }}>
        過難
      </text>
      <text x={(x(0.9) + x(1)) / 2} y={frame.top + 14} textAnchor="middle" fontSize={12} style={{ fill: MUTED }}>
        過易
      </text>

      {yTicks.map((tick) => (
        <g key={tick.toFixed(1)}>
          {Math.abs(tick) > 1e-9 && Math.abs(tick - 0.2) > 1e-9 && Math.abs(tick - 0.4) > 1e-9 ? (
            <line x1={frame.left} x2={frame.left + w} y1={y(tick)} y2={y(tick)} style={{ stroke: LINE }} strokeWidth={1} />
          ) : null}
          <text x={frame.left - 8} y={y(tick)} dy="0.35em" textAnchor="end" fontSize={12} style={{ fill: MUTED }}>
            {fixed(tick, 1)}
          </text>
        </g>
      ))}
      <line x1={frame.left} x2={frame.left + w} y1={y(0)} y2={y(0)} style={{ stroke: INK }} strokeWidth={1} />
      {guide(0.4, "D = 0.4 優良")}
      {guide(0.2, "D = 0.2 尚可")}

      <line x1={frame.left} x2={frame.left + w} y1={frame.top + h} y2={frame.top + h} style={{ stroke: INK }} strokeWidth={1} />
      <line x1={frame.left} x2={frame.left} y1={frame.top} y2={frame.top + h} style={{ stroke: INK }} strokeWidth={1} />
      {xTicks.map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={frame.top + h} y2={frame.top + h + 5} style={{ stroke: INK }} strokeWidth={1} />
          <text x={x(tick)} y={frame.top + h + 18} textAnchor="middle" fontSize={12} style={{ fill: MUTED }}>
            {fixed(tick, 1)}
          </text>
        </g>
      ))}

      {/* Flagged items last, so a cross is never hidden under a circle. */}
      {[...plotted.filter((item) => !item.flagged), ...flagged].map((item, index) => {
        const cx = x(item.difficulty);
        const cy = y(item.discrimination);
        return item.flagged ? (
          <g key={index}>
            <title>{pointText(item)}</title>
            <path
              d={`M${cx - 5.5} ${cy - 5.5}L${cx + 5.5} ${cy + 5.5}M${cx - 5.5} ${cy + 5.5}L${cx + 5.5} ${cy - 5.5}`}
              style={{ stroke: BAD }}
              strokeWidth={2.5}
              strokeLinecap="round"
            />
            {/* A wider transparent target, so the title shows when the pointer is near the cross. */}
            <circle cx={cx} cy={cy} r={8} fill="transparent" />
          </g>
        ) : (
          <g key={index}>
            <title>{pointText(item)}</title>
            <circle cx={cx} cy={cy} r={5} style={{ fill: BRAND }} fillOpacity={0.8} stroke="#ffffff" strokeWidth={1} />
          </g>
        );
      })}

      {plotted.length === 0 ? (
        <text x={frame.left + w / 2} y={y(0.7)} textAnchor="middle" fontSize={14} style={{ fill: MUTED }}>
          尚無可繪製的試題
        </text>
      ) : null}

      {/* Legend */}
      <g transform={`translate(${frame.left} 16)`}>
        <circle cx={6} cy={0} r={5} style={{ fill: BRAND }} fillOpacity={0.8} />
        <text x={16} y={0} dy="0.35em" fontSize={12} style={{ fill: INK }}>
          一般試題
        </text>
        <path d="M94.5 -5.5L105.5 5.5M94.5 5.5L105.5 -5.5" style={{ stroke: BAD }} strokeWidth={2.5} strokeLinecap="round" />
        <text x={112} y={0} dy="0.35em" fontSize={12} style={{ fill: INK }}>
          需檢視（已標記）
        </text>
      </g>

      <text x={frame.left + w / 2} y={frame.height - 10} textAnchor="middle" fontSize={13} style={{ fill: INK }}>
        難度 P（答對比率，愈高愈容易）
      </text>
      <text
        transform={`translate(16 ${frame.top + h / 2}) rotate(-90)`}
        textAnchor="middle"
        fontSize={13}
        style={{ fill: INK }}
      >
        鑑別度 D
      </text>
    </svg>
  );
}

import { describe, expect, it } from "vitest";
import type { ParsedStandard } from "./types";
import { diffIndicators, splitStandardCode } from "./versioning";

function standardWith(indicators: Array<{ code: string | null; text: string }>): ParsedStandard {
  return {
    kind: "occupational", code: "X-001v1", name: "測試", level: 3, description: null, category: {}, versions: [],
    duties: [{ code: "T1", title: "職責", tasks: [{ code: "T1.1", title: "任務", level: 3, outputs: [], indicators, knowledge: [], skills: [] }] }],
    knowledge: [], skills: [], attitudes: [], notes: [], assessmentGuide: null, warnings: [],
  };
}

describe("standard codes", () => {
  it("splits an occupational code into base and version, and leaves a unit code whole", () => {
    expect(splitStandardCode("KMC2431-009v2")).toEqual({ baseCode: "KMC2431-009", versionNumber: 2 });
    expect(splitStandardCode("IDC5294-001v3")).toEqual({ baseCode: "IDC5294-001", versionNumber: 3 });
    expect(splitStandardCode("IDC4R2523")).toEqual({ baseCode: "IDC4R2523", versionNumber: 1 });
  });
});

describe("indicator changes between versions", () => {
  it("reports added, removed and reworded indicators by code", () => {
    const v1 = standardWith([
      { code: "P1.1.1", text: "依據組織目標選定社群媒體。" },
      { code: "P1.1.2", text: "確立績效目標。" },
      { code: "P1.1.3", text: "定期檢討。" },
    ]);
    const v2 = standardWith([
      { code: "P1.1.1", text: "依據組織目標及品牌經營策略選定適合的社群媒體。" },
      { code: "P1.1.2", text: "確立績效目標。" },
      { code: "P1.1.4", text: "產出成效報告。" },
    ]);
    const diff = diffIndicators(v1, v2);
    expect(diff.reworded).toEqual([
      { code: "P1.1.1", taskCode: "T1.1", before: "依據組織目標選定社群媒體。", after: "依據組織目標及品牌經營策略選定適合的社群媒體。" },
    ]);
    expect(diff.added).toEqual([{ code: "P1.1.4", taskCode: "T1.1", after: "產出成效報告。" }]);
    expect(diff.removed).toEqual([{ code: "P1.1.3", taskCode: "T1.1", before: "定期檢討。" }]);
    expect(diff.unchanged).toBe(1);
  });

  it("matches uncoded indicators by their text", () => {
    const diff = diffIndicators(standardWith([{ code: null, text: "甲" }]), standardWith([{ code: null, text: "乙" }]));
    expect(diff.added.map((c) => c.after)).toEqual(["乙"]);
    expect(diff.removed.map((c) => c.before)).toEqual(["甲"]);
  });
});

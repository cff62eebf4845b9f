import { faultScenarios, runScenario } from "./faults/scenarios";
const OPTIONS = { account: { seed: "fault-tests", scale: 0.01 }, timeScale: 50, stormMs: 30_000, latencyScale: 0.5 };
(async () => {
  const s = faultScenarios({ stormMs: OPTIONS.stormMs }).find((x) => x.name === "throttling storm")!;
  for (let i = 0; i < 40; i++) {
    const o = await runScenario(s, OPTIONS as any);
    if (o.status !== "complete") console.log(i, o.status, o.statusCode, o.latestIntact, o.manifestWritten, JSON.stringify(o.manifestErrors), JSON.stringify(o.result.error ?? "").slice(0, 600));
  }
  console.log("done");
})();

import { expect } from "chai";
import { parseEnvironment } from "../../inventory-fn/env";
import { FINDINGS_LISTS, FINDINGS_NUMBERS, FINDINGS_STRINGS, findingsEnvironment } from "../../components/findings-settings";

// Issue 12: the findings' thresholds go from component arguments (and stack config) to the
// function's environment; both ends check the same ranges.

const base = { INVENTORY_KMS_KEY_ID: "arn:aws:kms:us-east-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd", CORE_INVENTORY_BUCKET: "bedrock-core-inventory", AWS_REGION: "us-east-1" };

describe("findings settings: component arguments to the function's environment", () => {
    it("sets a variable only for what differs from the default, and the function reads it back", () => {
        const { environment, problems } = findingsEnvironment({ findingsWindowDays: 30, denialBurstCount: 5, offHoursUtcOffsetHours: 9, approvedModels: ["anthropic.claude-3-haiku*"], teamTagKey: "team", teamBoundaryPolicyName: "{team}-boundary" });
        expect(problems).to.deep.equal([]);
        expect(environment).to.deep.equal({ FINDINGS_WINDOW_DAYS: "30", OFF_HOURS_UTC_OFFSET_HOURS: "9", APPROVED_MODELS: "anthropic.claude-3-haiku*", TEAM_TAG_KEY: "team" });
        expect(parseEnvironment({ ...base, ...environment }).findings).to.deep.equal({ usageWindowDays: 30, utcOffsetHours: 9, approvedModels: ["anthropic.claude-3-haiku*"], teamTagKey: "team" });
    });

    it("rejects what is out of range on both ends, naming the argument or the variable", () => {
        const { problems } = findingsEnvironment({ denialBurstCount: 1, offHoursStartHour: 24, premiumModels: ["opus model"], teamRolePathPrefix: "teams" });
        expect(problems.map((p) => p.arg)).to.deep.equal(["denialBurstCount", "offHoursStartHour", "premiumModels[0]", "teamRolePathPrefix"]);
        expect(() => parseEnvironment({ ...base, DENIAL_BURST_COUNT: "1" })).to.throw(/^DENIAL_BURST_COUNT: got "1", expected a number from 2 to 10000$/);
        expect(() => parseEnvironment({ ...base, OFF_HOURS_START_HOUR: "6" })).to.throw(/off hours would be empty/);
        expect(() => parseEnvironment({ ...base, RATE_SPIKE_FACTOR: "2.5" })).to.throw(/RATE_SPIKE_FACTOR: got "2.5", expected an integer/);
        expect(() => parseEnvironment({ ...base, PREMIUM_MODELS: "opus model" })).to.throw(/PREMIUM_MODELS/);
    });

    it("holds the two ends to the same ranges: each bound accepted by the function, one past it refused", () => {
        for (const spec of Object.values(FINDINGS_NUMBERS)) {
            const other = spec.env === "OFF_HOURS_START_HOUR" ? { OFF_HOURS_END_HOUR: "12" } : {};
            for (const edge of [spec.min, spec.max]) expect(() => parseEnvironment({ ...base, ...other, [spec.env]: String(edge) }), `${spec.env}=${edge}`).to.not.throw();
            for (const past of [spec.min - 1, spec.max + 1]) expect(() => parseEnvironment({ ...base, ...other, [spec.env]: String(past) }), `${spec.env}=${past}`).to.throw(spec.env);
        }
        expect(Object.values(FINDINGS_LISTS).map((l) => l.env)).to.deep.equal(["APPROVED_MODELS", "PREMIUM_MODELS"]);
        for (const spec of Object.values(FINDINGS_STRINGS)) expect(() => parseEnvironment({ ...base, [spec.env]: "bad!#" }), spec.env).to.throw(spec.env);
    });

    it("carries the caps on evidence and on the usage state from argument to variable to the function's config", () => {
        const { environment, problems } = findingsEnvironment({ evidenceMaxEventIds: 50, evidenceMaxTargets: 100, usageStateMaxUses: 200_000, usageStateMaxHours: 5000 });
        expect(problems).to.deep.equal([]);
        expect(environment).to.deep.equal({ EVIDENCE_MAX_EVENT_IDS: "50", USAGE_STATE_MAX_USES: "200000", USAGE_STATE_MAX_HOURS: "5000" });
        expect(parseEnvironment({ ...base, ...environment }).findings).to.deep.equal({ evidenceMaxEventIds: 50, usageStateMaxUses: 200_000, usageStateMaxHours: 5000 });
        expect(findingsEnvironment({ usageStateMaxUses: 10 }).problems).to.deep.equal([{ arg: "usageStateMaxUses", value: 10, expected: "an integer from 1000 to 10000000" }]);
    });

    it("an empty premium list is a choice, kept in the environment", () => {
        expect(findingsEnvironment({ premiumModels: [] }).environment).to.deep.equal({ PREMIUM_MODELS: "" });
        expect(parseEnvironment({ ...base, PREMIUM_MODELS: "" }).findings).to.deep.equal({ premiumModels: [] });
    });
});

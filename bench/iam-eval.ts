// Evaluation speed of the shared IAM library: requests per principal policy set, and parsing
// against JSON.parse measured in the same run. Run: `npx tsx bench/iam-eval.ts`.
import { evaluateAccess, parsePolicyDocument, PolicySource, foundationModelArn } from "../iam";
const models = Array.from({ length: 120 }, (_, i) => foundationModelArn("us-east-1", `vendor${i % 7}.model-${i}-v1:0`));
const docs: PolicySource[] = [];
for (let p = 0; p < 6; p++) {
  docs.push({ policyType: "managed", policyArn: `arn:aws:iam::1:policy/p${p}`, document: parsePolicyDocument({ Statement: [
    { Sid: "A", Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:Get*"], Resource: [`arn:aws:bedrock:*::foundation-model/vendor${p}.*`, "arn:aws:bedrock:us-west-2::foundation-model/x"], Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } } },
    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
    { Effect: "Deny", NotAction: "bedrock:*", Resource: "*" },
    { Effect: "Allow", Action: "bedrock:InvokeModel", NotResource: ["arn:aws:bedrock:*::foundation-model/vendor6.*"] },
  ] }) });
}
const t0 = process.hrtime.bigint(); let n = 0, allowed = 0;
for (let r = 0; r < 300; r++) for (const m of models) for (const a of ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]) { if (evaluateAccess({ action: a, resource: m }, docs).allowed) allowed++; n++; }
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(`${n} evaluations in ${ms.toFixed(0)} ms: ${(ms * 1000 / n).toFixed(2)} us each (allowed ${allowed})`);
const text = JSON.stringify({ Statement: Array.from({length: 40}, (_, i) => ({ Sid: `S${i}`, Effect: "Allow", Action: ["bedrock:InvokeModel","s3:GetObject","s3:PutObject"], Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:bedrock:us-east-1::foundation-model/m${i}`], Condition: { StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } } })) });
const t1 = process.hrtime.bigint(); for (let i = 0; i < 2000; i++) parsePolicyDocument(text); const pm = Number(process.hrtime.bigint() - t1) / 1e6;
const t2 = process.hrtime.bigint(); for (let i = 0; i < 2000; i++) JSON.parse(text); const jm = Number(process.hrtime.bigint() - t2) / 1e6;
console.log(`parse ${text.length} B: ${(pm/2000*1000).toFixed(1)} us vs JSON.parse ${(jm/2000*1000).toFixed(1)} us (ratio ${(pm/jm).toFixed(1)}x)`);

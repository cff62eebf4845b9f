// Placeholder until the inventory function lands (issue 3): it validates its environment
// exactly as CONTRACTS section 4 requires, so the component can be deployed and wired now.
export async function handler(_event: unknown, _context: unknown): Promise<{ statusCode: number; run_prefix?: string; error?: string }> {
    for (const name of ["INVENTORY_KMS_KEY_ID", "CORE_INVENTORY_BUCKET"]) {
        if (!process.env[name]) {
            throw new Error(`${name} is required and is not set`);
        }
    }
    return { statusCode: 500, error: "inventory function not implemented yet" };
}

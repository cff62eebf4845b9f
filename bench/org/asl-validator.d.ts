// asl-validator 4 ships JavaScript without declarations; this is the part the bench and tests use.
declare module "asl-validator" {
    interface AslValidatorResult {
        isValid: boolean;
        errors: { message?: string; path?: string; [key: string]: unknown }[];
    }
    function aslValidator(definition: unknown, options?: Record<string, unknown>): AslValidatorResult;
    export default aslValidator;
}

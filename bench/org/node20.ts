// aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22+; the registry has no older
// release). This repository supports Node >= 20.19, so the bench adds the standard function where
// it is missing; on Node 22 this does nothing.
type Resolvers<T> = { promise: Promise<T>; resolve: (value: T) => void; reject: (reason?: unknown) => void };
const promiseConstructor = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
if (typeof promiseConstructor.withResolvers !== "function") {
    promiseConstructor.withResolvers = <T>(): Resolvers<T> => {
        let resolve!: (value: T) => void;
        let reject!: (reason?: unknown) => void;
        const promise = new Promise<T>((res, rej) => {
            resolve = res;
            reject = rej;
        });
        return { promise, resolve, reject };
    };
}
export {};

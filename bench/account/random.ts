/**
 * A small seeded PRNG (sfc32 seeded through a string hash), so one `--seed` always yields the
 * same account, byte for byte, on every machine and Node version. Math.random cannot be seeded.
 */
export class Random {
    private a: number;
    private b: number;
    private c: number;
    private d: number;

    constructor(seed: string | number) {
        // xmur3 string hash: four well-mixed 32-bit words from any seed text.
        let h = 1779033703 ^ String(seed).length;
        const text = String(seed);
        for (let i = 0; i < text.length; i++) {
            h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
            h = (h << 13) | (h >>> 19);
        }
        const next = () => {
            h = Math.imul(h ^ (h >>> 16), 2246822507);
            h = Math.imul(h ^ (h >>> 13), 3266489909);
            return (h ^= h >>> 16) >>> 0;
        };
        this.a = next();
        this.b = next();
        this.c = next();
        this.d = next();
        for (let i = 0; i < 12; i++) this.float();
    }

    /** Uniform in [0, 1). */
    float(): number {
        this.a >>>= 0;
        this.b >>>= 0;
        this.c >>>= 0;
        this.d >>>= 0;
        let t = (this.a + this.b) | 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) | 0;
        this.c = (this.c << 21) | (this.c >>> 11);
        this.d = (this.d + 1) | 0;
        t = (t + this.d) | 0;
        this.c = (this.c + t) | 0;
        return (t >>> 0) / 4294967296;
    }

    /** Integer in [min, max], both included. */
    int(min: number, max: number): number {
        return min + Math.floor(this.float() * (max - min + 1));
    }

    chance(probability: number): boolean {
        return this.float() < probability;
    }

    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.float() * items.length)];
    }

    /** `count` distinct items (fewer when the list is shorter). */
    sample<T>(items: readonly T[], count: number): T[] {
        const n = Math.min(count, items.length);
        const chosen = new Set<number>();
        while (chosen.size < n) chosen.add(Math.floor(this.float() * items.length));
        return [...chosen].map((i) => items[i]);
    }

    /** Picks by weight: `[[value, weight], ...]`. */
    weighted<T>(choices: readonly (readonly [T, number])[]): T {
        const total = choices.reduce((sum, [, w]) => sum + w, 0);
        let roll = this.float() * total;
        for (const [value, weight] of choices) {
            roll -= weight;
            if (roll < 0) return value;
        }
        return choices[choices.length - 1][0];
    }

    /** Characters from `alphabet`, e.g. Bedrock's 10-character upper-case ids. */
    chars(length: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"): string {
        let out = "";
        for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.float() * alphabet.length)];
        return out;
    }

    hex(length: number): string {
        return this.chars(length, "0123456789abcdef");
    }
}

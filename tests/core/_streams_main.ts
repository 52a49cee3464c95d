/** Prints the stream digests and fit values as JSON (run under Node by reproducibility_test.ts). */
import { fitValues, streamDigests } from "./_streams.ts";

console.log(JSON.stringify({ digests: streamDigests(), fits: fitValues() }));

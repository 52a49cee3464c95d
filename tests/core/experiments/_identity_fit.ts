import type { FitRequest } from "../../../core/estimators/fit.ts";
import type { FitResult } from "../../../core/estimators/types.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";

/**
 * A stand-in fit that ignores the data: Sigma = `scale` · I and b = 0, so
 * experiment tests run without real estimators and know the errors exactly.
 */
export function identityFit(
  scale: number,
): (x: Matrix, request: FitRequest) => FitResult {
  return (x, request) => {
    const d = x.cols;
    const sigma = new Float64Array(d * d);
    for (let i = 0; i < d; i++) sigma[i * d + i] = scale;
    return {
      method: request.method!,
      n: x.rows,
      d,
      columns: Array.from({ length: d }, (_, j) => `x${j + 1}`),
      b: new Float64Array(d),
      sigma: { rows: d, cols: d, data: sigma },
      coordinates: [],
      diagnostics: {},
      warnings: [],
      seed: 0,
      options: {},
    };
  };
}

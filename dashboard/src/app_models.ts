/**
 * The models that live as long as the page: routing, the method registry and
 * the views whose work continues in the background (an experiment, Figure 1,
 * the history list and the fit form).
 *
 * @module
 */
import { createModel, effect } from "@preact/signals";
import type { ApiClient } from "./api/client.ts";
import type { OwnerTokens } from "./api/owner_tokens.ts";
import { CompareModel } from "./models/compare_model.ts";
import { ExperimentModel } from "./models/experiment_model.ts";
import { Figure1Model } from "./models/figure1_model.ts";
import { FitModel } from "./models/fit_model.ts";
import type { DataJobRunner } from "./lib/data_jobs.ts";
import { initialMethods } from "./lib/method_options.ts";
import { HistoryModel } from "./models/history_model.ts";
import { MethodsModel } from "./models/methods_model.ts";
import { RouterModel } from "./models/router_model.ts";

/**
 * Page-lifetime models, built around one API client and token store; `data`
 * runs the Fit view's sampling and file reading (the page passes
 * `workerRunner`, tests `inThreadRunner`).
 */
export const AppModel = createModel((
  api: ApiClient,
  tokens: OwnerTokens,
  data: DataJobRunner,
) => {
  const router = new RouterModel();
  const methods = new MethodsModel(api);
  const fit = new FitModel(api, tokens, methods.methods, data);
  const experiment = new ExperimentModel(api, tokens);
  const figure1 = new Figure1Model(api, tokens);
  const history = new HistoryModel(api, tokens);
  const compare = new CompareModel(api);

  // Forms start with the server's default method once the registry is known;
  // the multi-method ones add the paper's method, so its gap shows.
  effect(() => {
    const name = methods.defaultMethod.value;
    if (!name) return;
    fit.ensureMethod(name);
    const both = initialMethods(name, methods.names.value);
    experiment.ensureMethods(both);
    figure1.ensureMethods(both);
  });

  return { router, methods, fit, experiment, figure1, history, compare };
});

/** What views receive: the models plus the API client and token store. */
export type AppModels = InstanceType<typeof AppModel> & {
  readonly api: ApiClient;
  readonly tokens: OwnerTokens;
};

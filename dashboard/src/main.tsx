/**
 * Entry point of the dashboard bundle.
 *
 * @module
 */
import { render } from "preact";
import { createApiClient } from "./api/client.ts";
import { browserStorage, createOwnerTokens } from "./api/owner_tokens.ts";
import { AppModel, type AppModels } from "./app_models.ts";
import { App } from "./app.tsx";
import { DATA_WORKER_SCRIPT, workerRunner } from "./lib/worker_runner.ts";
import "./styles.css";

const api = createApiClient();
const tokens = createOwnerTokens(browserStorage());
const data = workerRunner(new URL(DATA_WORKER_SCRIPT, import.meta.url));
const models = new AppModel(api, tokens, data);
const app: AppModels = Object.assign(models, { api, tokens });
void app.methods.load();

const root = document.getElementById("app")!;
root.textContent = ""; // drop the "Loading" placeholder
render(<App app={app} />, root);

/**
 * The page: navigation and the view the URL names.
 *
 * @module
 */
import type { AppModels } from "./app_models.ts";
import { VIEWS } from "./models/router_model.ts";
import { ErrorMessage } from "./components/common.tsx";
import { FitView } from "./views/fit_view.tsx";
import { ExperimentView } from "./views/experiment_view.tsx";
import { RunView } from "./views/run_view.tsx";
import { CompareView } from "./views/compare_view.tsx";
import { Figure1View } from "./views/figure1_view.tsx";
import { HistoryView } from "./views/history_view.tsx";

function CurrentView({ app }: { app: AppModels }) {
  const { view, rest, query } = app.router.route.value;
  switch (view) {
    case "experiment":
      return <ExperimentView app={app} />;
    case "runs":
      return rest[0]
        ? <RunView app={app} id={rest[0]} />
        : <HistoryView app={app} />;
    case "compare":
      return (
        <CompareView
          app={app}
          ids={(query.get("ids") ?? "").split(",").filter(Boolean)}
        />
      );
    case "figure1":
      return <Figure1View app={app} query={query} />;
    case "history":
      return <HistoryView app={app} />;
    default:
      return <FitView app={app} />;
  }
}

/** The whole dashboard. */
export function App({ app }: { app: AppModels }) {
  const current = app.router.route.value.view;
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        Skip to content
      </a>
      <header>
        <h1>Rectified Gaussian estimation</h1>
        <nav aria-label="Views">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.id}>
                <a
                  href={`#/${v.id}`}
                  aria-current={current === v.id ||
                      (current === "runs" && v.id === "history")
                    ? "page"
                    : undefined}
                >
                  {v.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorMessage message={app.methods.error.value} />
        <CurrentView app={app} />
      </main>
    </>
  );
}

import type { CatalogView, FileView } from '../../domain/learn/catalog-view.js';
import type { Catalog, Loaded } from '../shared/load-repo.js';

const view = <T>(l: Loaded<T>): FileView<T> => ({ path: l.path, text: l.source.text, data: l.data });

/** The loaded catalog as suggestion building sees it: definitions with their exact texts. */
export function catalogView(catalog: Catalog): CatalogView {
  return {
    intents: new Map([...catalog.intents].map(([name, l]) => [name, view(l)])),
    outcomes: new Map(
      catalog.outcomes.map((l) => [
        (l.path.split('/').pop() ?? '').replace(/\.ya?ml$/, ''),
        view<unknown>(l),
      ]),
    ),
    policies: catalog.policies.map(view),
    rules: catalog.rules.map(view),
  };
}

// Requirement id -> level, link and text for reporters (loaded lazily: the registry is large).
import { registry, specLink } from '../requirements/index.js';

export function describeRequirement(id: string, specVersion: string) {
  const r = registry.get(id);
  if (!r) return undefined;
  return { level: r.level, link: specLink(r, specVersion), text: r.text };
}

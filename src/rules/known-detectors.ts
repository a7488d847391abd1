import { detectorFamilies } from '../detect/registry';

/**
 * Every id a rule's `detector` may name: a family id (`vendor`: all its detectors) or one detector
 * id (`gitleaks:github-pat`). Pass it as `knownDetectors` to validateRulePack.
 */
export function knownDetectorIds(): string[] {
  return [...new Set(detectorFamilies.flatMap((f) => [f.id, ...f.detectors]))].sort();
}

/** A secret-looking span inside a string value. */
export interface Detection {
  start: number;
  end: number;
  /** Detector rule id, e.g. `jwt`, `email`, `gitleaks:github-pat`. */
  detector: string;
  /** Placeholder label, e.g. `jwt`, `email`, `github-pat`. */
  label: string;
}

export interface DetectContext {
  /** The (lower-cased) field / header / parameter name the value stands under, when known. */
  key?: string;
}

/** A family of detectors (one module each), registered in src/detect/registry.ts. */
export interface DetectorFamily {
  /** e.g. `jwt`, `private-key`, `pii`, `vendor`, `credentials`, `signed-url`, `otp`. */
  id: string;
  /** The detector ids this family can report (rules refer to them with `detector`). */
  detectors: string[];
  /**
   * Finds every span in `text`. Must be linear-ish: inputs are capped by the caller. `enabled`
   * (optional) lets a family skip work for detectors that are switched off; callers filter anyway.
   */
  detect(text: string, ctx: DetectContext, enabled?: (detectorId: string) => boolean): Detection[];
}

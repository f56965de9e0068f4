/**
 * `--image` overrides applied to the containers of a release: which override replaces which image,
 * placeholders that no override replaced, and overrides that matched nothing.
 */
import type { KubeObject } from '../model/kube-object.js';
import { UserInputError, showValue } from '../errors.js';
import {
  imageName,
  isPlaceholderImageName,
  overrideMatches,
  overrideSpecificity,
  parseImageRef,
  placeholderReason,
  substituteImage,
  validateImageOverride,
  type ImageOverride,
  type ImageRef,
} from './images.js';
import { describeObject, isObj, podSpec, podSpecPath } from './pod-templates.js';

/** The overrides of one render, and what they matched so far. */
export class ImageSubstitution {
  private readonly overrides: { override: ImageOverride; name: ImageRef; used: boolean; label: string }[] = [];
  /** Placeholders written where an image belongs (`<IMAGE>`, `${IMAGE_URI}`), replaced where they are written. */
  private readonly exact = new Map<string, { override: ImageOverride; ref: string; used: boolean; label: string }>();
  /** Every image of the release as written, for naming what an unmatched override could have meant. */
  private readonly originalImages: string[] = [];

  /** Invalid overrides are added to `errors`. */
  constructor(
    images: readonly ImageOverride[],
    private readonly errors: UserInputError[],
  ) {
    images.forEach((override, i) => {
      const label = `images[${i}]`;
      try {
        validateImageOverride(override, label);
        // validateImageOverride refuses a placeholder without a ref.
        if (isPlaceholderImageName(override.name) && override.ref !== undefined) {
          this.exact.set(override.name, { override, ref: override.ref, used: false, label });
          return;
        }
        this.overrides.push({ override, name: parseImageRef(override.name), used: false, label });
      } catch (err) {
        if (err instanceof UserInputError) this.errors.push(err);
        else throw err;
      }
    });
  }

  /**
   * Replace the images of the containers and init containers of `object` (a copy, changed in place);
   * with `refusePlaceholders`, an image no override replaced that cannot be pulled is an error.
   */
  substituteIn(object: KubeObject, here: string, refusePlaceholders: boolean): void {
    const spec = podSpec(object);
    if (!spec) return;
    const specPath = (podSpecPath(object.kind) ?? []).join('.');
    for (const key of ['initContainers', 'containers'] as const) {
      const list = spec[key];
      if (!Array.isArray(list)) continue;
      list.forEach((c: unknown, i: number) => {
        if (!isObj(c) || typeof c.image !== 'string') return;
        this.originalImages.push(c.image);
        const replaced = this.replacement(c.image, c.name);
        if (replaced !== undefined) {
          c.image = replaced;
          return;
        }
        // An image no --image override replaced must be one that can be pulled.
        const reason = refusePlaceholders ? placeholderReason(c.image) : undefined;
        if (!reason) return;
        const name = typeof c.name === 'string' ? c.name : `#${i + 1}`;
        const current = tryParseImageRef(c.image);
        const suggestion = current ? imageName(current) : name;
        this.errors.push(
          new UserInputError(
            `${describeObject(object)}: ${key === 'initContainers' ? 'init container' : 'container'} ${name}: image ${showValue(c.image)} cannot run (${reason}); replace it in the file or give --image ${suggestion}=REF`,
            here,
            `${specPath ? `${specPath}.` : ''}${key}[${i}].image`,
          ),
        );
      });
    }
  }

  /** The image an override puts in place of `image` (of the container named `container`), if any. */
  private replacement(image: string, container: unknown): string | undefined {
    const placeholder = this.exact.get(image);
    if (placeholder) {
      placeholder.used = true;
      return substituteImage(parseImageRef(placeholder.ref), placeholder.override);
    }
    // lintRelease reports an invalid reference with its line; a placeholder is refused by the caller.
    const current = tryParseImageRef(image);
    if (current) {
      let best: (typeof this.overrides)[number] | undefined;
      for (const o of this.overrides) {
        if (overrideMatches(o.name, current) && (!best || overrideSpecificity(o.name) > overrideSpecificity(best.name)))
          best = o;
      }
      if (best) {
        best.used = true;
        return substituteImage(current, best.override);
      }
      return undefined;
    }
    // A placeholder is also replaced by an override named after its container (`--image web=repo/web:1`).
    if (!placeholderReason(image)) return undefined;
    const byContainer = this.overrides.find((o) => o.override.name === container && o.override.ref !== undefined);
    const byContainerRef = byContainer?.override.ref;
    if (!byContainer || byContainerRef === undefined) return undefined;
    byContainer.used = true;
    return substituteImage(parseImageRef(byContainerRef), byContainer.override);
  }

  /** Errors for the overrides and placeholders that replaced no image of the release. */
  unused(): UserInputError[] {
    const errors: UserInputError[] = [];
    for (const o of this.exact.values()) {
      if (!o.used)
        errors.push(
          new UserInputError(
            `placeholder ${showValue(o.override.name)} is the image of no container or init container`,
            undefined,
            o.label,
          ),
        );
    }
    for (const o of this.overrides) {
      if (o.used) continue;
      const inRelease = [...new Set(this.originalImages)].sort();
      // `envoy` does not select `platform/envoy`: repositories match whole, but say which one was probably meant.
      const near = inRelease.filter((image) => {
        try {
          const ref = parseImageRef(image);
          return (
            ref.repository.endsWith(`/${o.name.repository}`) &&
            (o.name.registry === undefined || o.name.registry === ref.registry)
          );
        } catch {
          return false;
        }
      });
      errors.push(
        new UserInputError(
          `${showValue(o.override.name)} matches no container or init container image (images in the release: ${inRelease.length > 0 ? inRelease.join(', ') : 'none'})` +
            (near.length > 0
              ? `; repositories match whole, did you mean ${near.map((n) => showValue(imageName(parseImageRef(n)))).join(' or ')}?`
              : ''),
          undefined,
          o.label,
        ),
      );
    }
    return errors;
  }
}

/** The parsed reference, or undefined when `image` is not a valid one. */
function tryParseImageRef(image: string): ImageRef | undefined {
  try {
    return parseImageRef(image);
  } catch {
    return undefined;
  }
}

/**
 * Which class names and attributes a selector may lean on: the ones a redesign keeps. Generated
 * names (CSS-in-JS hashes, build suffixes) change on every deploy, and utility classes (`flex`,
 * `mt-2`) sit on half the page, so neither makes a selector that matches exactly the tiles. Pure.
 */
const UTILITY =
  /^(flex|grid|block|inline|hidden|relative|absolute|container|row|col|clearfix|w-|h-|m[trblxy]?-|p[trblxy]?-|gap-|text-|font-|bg-|border|rounded|shadow|items-|justify-|sm:|md:|lg:|xl:|col-|is-|has-)/;

export function isGeneratedClass(name: string): boolean {
  if (/^(css|sc|jsx|emotion|styled)-[a-z0-9]+$/i.test(name)) return true;
  if (
    /^_?[a-zA-Z]{1,3}[-_]?[a-zA-Z0-9]{5,}$/.test(name) &&
    /\d/.test(name) &&
    /[a-z]/i.test(name) &&
    !/-/.test(name.slice(1))
  )
    return true;
  // A hash tail: "card_3f9a2", "tile__x8Kd2", "Product-module--title--1aB2c".
  if (/(__|--|_)[a-zA-Z0-9]{5,}$/.test(name) && /\d/.test(name.split(/__|--|_/).at(-1)!)) return true;
  return false;
}

export function isUtilityClass(name: string): boolean {
  return UTILITY.test(name);
}

/** A class worth naming in a selector: neither generated nor utility, and CSS-safe as written. */
export function isStableClass(name: string): boolean {
  return /^-?[_a-zA-Z][\w-]*$/.test(name) && !isGeneratedClass(name) && !isUtilityClass(name);
}

/** Attributes that describe what an element is (test hooks, data-* roles, itemprop), not how it looks. */
export function isStableAttribute(name: string): boolean {
  return (
    (/^data-[\w-]+$/.test(name) && !/^data-(v-|reactid|react|ng-|testid-[a-f0-9]{6,})/.test(name)) ||
    name === 'itemprop' ||
    name === 'role'
  );
}

/** A value fit to put in an attribute selector: short, no quotes or newlines, not a hash. */
export function isStableValue(value: string): boolean {
  return value.length > 0 && value.length <= 40 && !/["\\\n]/.test(value) && !/^[a-f0-9]{8,}$/i.test(value);
}

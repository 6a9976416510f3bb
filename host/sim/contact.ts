// Swept contact: at 130 km/h the ego moves 0.36 m per 10 ms cycle and a cone is 0.3 m long, so
// sampling positions once per cycle misses contacts. Contact is judged on the interval swept
// between two cycles instead: the ego's front bumper crossed the object's rear during the step.

/** True when the ego's front touched an object whose rear was `gapBeforeM` ahead of it at the
 * previous cycle and is `gapNowM` ahead now (negative: behind the front bumper). Relative
 * motion, so both may move; an object already wholly behind the bumper last cycle is not hit. */
export function sweptContact(gapBeforeM: number, gapNowM: number, lengthM: number): boolean {
  if (gapNowM > 0) return false;
  // Inside the object now (as before), or crossed its whole extent within the step (tunnelling).
  return gapNowM > -lengthM || gapBeforeM > 0;
}

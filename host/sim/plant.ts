// Ego longitudinal dynamics: the command (or the driver's pedals) through a first-order
// actuator lag, power- and friction-limited, no reversing.
export const ACTUATOR_LAG_S = 0.2;
export const MAX_BRAKE_MPS2 = 9.5;
const MAX_ACCEL_MPS2 = 3.0;
const POWER_PER_MASS_W_PER_KG = 60; // ≈ a 120 kW car of 2 t: caps acceleration at speed

export function accelLimitMps2(speedMps: number): number {
  return Math.min(MAX_ACCEL_MPS2, POWER_PER_MASS_W_PER_KG / Math.max(speedMps, 1));
}

/** One step of the actuator lag; returns the new actual acceleration. */
export function actuate(actualMps2: number, requestMps2: number, speedMps: number, dtS: number): number {
  const request = Math.min(Math.max(requestMps2, -MAX_BRAKE_MPS2), accelLimitMps2(speedMps));
  const next = actualMps2 + (request - actualMps2) * Math.min(dtS / ACTUATOR_LAG_S, 1);
  // At standstill the brakes hold: no creeping backwards.
  return speedMps <= 0 && next < 0 ? 0 : next;
}

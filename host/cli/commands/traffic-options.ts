// The options that name validation traffic (`hpa validate`, `hpa episode`): checked as typed, so a
// bad one is quoted back in one line. The same seed, driver and conditions ⇒ the same episodes.
import { CONDITIONS, type Conditions, type DriverProfile } from '../../validate/traffic.js';
import { ValidateError } from '../../validate/validate.js';

export interface TrafficCli { seed: string; driver: string; conditions: string }

export function trafficOptions(o: TrafficCli): { seed: number; profile: DriverProfile; conditions: Conditions } {
  if (!/^\d+$/.test(o.seed) || Number(o.seed) > 0xffffffff) throw new ValidateError(`--seed: "${o.seed}" is not an integer in 0 … 2^32 − 1`);
  if (o.driver !== 'attentive' && o.driver !== 'mixed') throw new ValidateError(`--driver: "${o.driver}" is not attentive or mixed`);
  if (!CONDITIONS.includes(o.conditions as Conditions)) throw new ValidateError(`--conditions: "${o.conditions}" is not ${CONDITIONS.join(' or ')}`);
  return { seed: Number(o.seed), profile: o.driver, conditions: o.conditions as Conditions };
}

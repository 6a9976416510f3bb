// Input plausibility: every frame is checked before any controller sees it. A bad frame
// raises a fault bit and the controllers get conservative substitutes, never the bad value.
import {
  checkInputs, FAULT_FROZEN_COUNTER, FAULT_IMPLAUSIBLE_JUMP, FAULT_NON_FINITE_INPUT,
  FAULT_OUT_OF_RANGE_INPUT, FAULT_SENSOR_REPORTED, FAULT_STALE_FRAME, KIND_BARRIER, KIND_CONE, KIND_NONE,
} from "./generated/abi";
import { cal, inp, st, tm, wk } from "./memory";
import { clamp } from "./table";

const STATIONARY_BELOW_MPS: f64 = 1.0;

/** Returns the fault bits raised by this frame. Fills the sanitised working values. */
export function checkFrame(): i32 {
  let faults = 0;
  const bad = checkInputs(inp);
  if (bad & 1) faults |= FAULT_NON_FINITE_INPUT;
  if (bad & 2) faults |= FAULT_OUT_OF_RANGE_INPUT;
  if (inp.sensorFault != 0) faults |= FAULT_SENSOR_REPORTED;
  faults |= checkCounter();

  // Ego speed: a bad or implausible reading is replaced by the last good one.
  const speed = inp.egoSpeedMps;
  let speedOk = isFinite(speed) && speed >= 0 && speed <= 90;
  if (speedOk && st.cycle > 1 && Math.abs(speed - st.lastGoodSpeedMps) > cal.maxSpeedJumpMps) {
    faults |= FAULT_IMPLAUSIBLE_JUMP;
    speedOk = false;
  }
  if (speedOk) st.lastGoodSpeedMps = speed;
  wk.egoSpeedMps = st.lastGoodSpeedMps;
  wk.inputsTrusted = faults == 0;

  readLead(faults == 0);
  return faults;
}

function checkCounter(): i32 {
  const counter = inp.frameCounter;
  if (!isFinite(counter)) return 0; // already a non-finite fault
  let faults = 0;
  if (st.lastCounter >= 0) {
    const advance = (counter - st.lastCounter + 65536) % 65536;
    if (advance == 0) {
      st.frozenCycles += 1;
      if (st.frozenCycles >= tm.staleFrameCycles) faults |= FAULT_FROZEN_COUNTER;
    } else {
      st.frozenCycles = 0;
      // A counter that goes back (or jumps most of the way round) is a replayed, stale frame.
      if (advance > 32768) faults |= FAULT_STALE_FRAME;
    }
  }
  st.lastCounter = counter;
  return faults;
}

function readLead(trusted: bool): void {
  const valid = trusted && inp.leadValid != 0;
  wk.leadKind = valid ? <i32>inp.leadKind : KIND_NONE;
  if (!valid) {
    wk.leadDistM = 300;
    wk.leadRelSpeedMps = 0;
    wk.leadSpeedMps = wk.egoSpeedMps;
    wk.leadAccelMps2 = 0;
    wk.leadStationary = false;
    return;
  }
  wk.leadDistM = clamp(inp.leadDistM, 0, 300);
  wk.leadRelSpeedMps = inp.leadRelSpeedMps;
  wk.leadSpeedMps = Math.max(0, wk.egoSpeedMps + inp.leadRelSpeedMps);
  wk.leadAccelMps2 = inp.leadAccelMps2;
  const kind = wk.leadKind;
  wk.leadStationary = wk.leadSpeedMps < STATIONARY_BELOW_MPS || kind == KIND_CONE || kind == KIND_BARRIER;
}

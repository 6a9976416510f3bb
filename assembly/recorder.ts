// Event data recorder: a ring of key signals (f32, every EDR_DECIMATION cycles, 32 s deep).
// The first trigger (warning, braking, takeover, MRM, fault, crash) records postTriggerS more,
// then freezes the ring until the host reads and clears it.
import {
  EDR_CHANNELS, EDR_DECIMATION, EDR_OFFSET, EDR_SAMPLES, EVENT_AEB, EVENT_FAULT, EVENT_FCW, EVENT_MRM,
  EVENT_TAKEOVER_REQUEST, STATE_OFFSET,
} from "./generated/abi";
import { BASE, inp, out, st, tm, wk } from "./memory";

const TRIGGERS: i32 = EVENT_FCW | EVENT_AEB | EVENT_TAKEOVER_REQUEST | EVENT_MRM | EVENT_FAULT;
const RING: usize = BASE + STATE_OFFSET + EDR_OFFSET;

@inline function put(slot: usize, channel: i32, value: f64): void {
  store<f32>(slot + (<usize>channel << 2), <f32>(isFinite(value) ? value : -1));
}

export function clearRecorder(): void {
  st.edrHead = 0;
  st.edrCount = 0;
  st.edrFrozen = 0;
  st.edrTriggerCycle = -1;
  st.edrTriggerEvents = 0;
  st.edrPostCycles = 0;
}

export function record(): void {
  if (st.edrFrozen != 0) return;
  const events = <i32>out.eventFlags;
  const crash = inp.crashDetected != 0;
  if (st.edrTriggerCycle < 0 && ((events & TRIGGERS) != 0 || crash)) {
    st.edrTriggerCycle = st.cycle;
    st.edrTriggerEvents = <f64>events;
    st.edrPostCycles = tm.edrPostCycles;
  }
  if (<i64>st.cycle % EDR_DECIMATION != 0) return;
  // A restored or written state block may hold any head: one outside the ring would write into other memory.
  if (!(st.edrHead >= 0 && st.edrHead < <f64>EDR_SAMPLES && st.edrHead == Math.floor(st.edrHead))) st.edrHead = 0;
  const slot = RING + <usize>(<i32>st.edrHead * EDR_CHANNELS) * 4;
  put(slot, 0, st.cycle);
  put(slot, 1, wk.egoSpeedMps);
  put(slot, 2, out.accelCmdMps2);
  put(slot, 3, wk.leadDistM);
  put(slot, 4, wk.leadRelSpeedMps);
  put(slot, 5, wk.ttcS);
  put(slot, 6, out.mode);
  put(slot, 7, (inp.handsOn != 0 ? 1 : 0) + (inp.eyesOnRoad != 0 ? 2 : 0) + (inp.brakePedal != 0 ? 4 : 0) + (inp.accelPedal > 0 ? 8 : 0));
  put(slot, 8, out.faultCode);
  put(slot, 9, out.eventFlags);
  st.edrHead = (st.edrHead + 1) % EDR_SAMPLES;
  st.edrCount += 1;
  if (st.edrTriggerCycle >= 0) {
    if (st.edrPostCycles <= 0) st.edrFrozen = 1;
    else st.edrPostCycles -= 1;
  }
}

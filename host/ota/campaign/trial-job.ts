// A shard of the campaign's trial drives as a job: the running and the recall image by hash, the
// rig settings, and (vehicle, seed, stallMs) triples; one outcome code per trial back. The rig is
// built once per worker thread for each (running, recall, rig) combination.
import { createHash } from 'node:crypto';
import { firmwareForJob, type JobFirmware } from '../../jobs/job-firmware.js';
import { CampaignRig, type RigOptions } from './rig.js';

export interface TrialShardJob { current: JobFirmware; recall: JobFirmware; rig: RigOptions; seed: number; trials: number[] }
export interface TrialShardResult { currentSha256: string; recallSha256: string; seed: number; outcomes: number[] }

export function trialShardId(job: Omit<TrialShardJob, 'current' | 'recall'> & { current: { sha256: string }; recall: { sha256: string } }): string {
  const what = createHash('sha256').update(JSON.stringify([job.rig, job.seed, job.trials])).digest('hex').slice(0, 24);
  return `campaign:${job.current.sha256}:${job.recall.sha256}:${what}`;
}

const rigs = new Map<string, CampaignRig>();

export function runTrialShard(job: TrialShardJob): TrialShardResult {
  const current = firmwareForJob(job.current), recall = firmwareForJob(job.recall);
  const key = JSON.stringify([current.info.sha256, recall.info.sha256, job.rig]);
  let rig = rigs.get(key);
  if (!rig) { rig = new CampaignRig(current, recall, job.rig); rigs.set(key, rig); }
  const outcomes: number[] = [];
  for (let i = 0; i < job.trials.length; i += 3) outcomes.push(rig.run({ vehicle: job.trials[i], seed: job.trials[i + 1], stallMs: job.trials[i + 2] }));
  return { currentSha256: current.info.sha256, recallSha256: recall.info.sha256, seed: job.seed, outcomes };
}

/**
 * `cardano-vrf leaderlog`: the leader slots of one epoch for a VRF key, from a key file
 * (worker threads, the VRF output only) or a custody key (the backend's prove per slot).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  bytesToHex,
  epochSlots,
  leaderSlotsWith,
  networkByName,
  vrfKeyHash,
  slotToTime,
  type NetworkParams,
  type ScheduleParams,
} from '../../cardano/index.js';
import { leaderSlotsParallel, readVrfKeyFile } from '../../cardano/node.js';
import { CliFailure, UsageError, printJson } from '../common/output.js';
import { keyIdFlag, withBackend } from '../keys/backendOptions.js';
import type { LeaderlogFlags } from './options.js';
import { progressBar } from './progress.js';
import { renderCsv, renderHtml, renderSvg, renderTable, type LeaderRow, type ScheduleSummary } from './render.js';
import { parseActiveSlotCoeff, parseIntFlag, parseNonceFlag, parseStake } from './stakeFlags.js';

/** The span of slots and, when known, the network (for times). */
function epochFromFlags(flags: LeaderlogFlags): { net: NetworkParams | null; epoch: number | null; firstSlot: number; epochLength: number } {
  const byNetwork = flags.epoch !== undefined;
  const bySlots = flags.firstSlot !== undefined || flags.epochLength !== undefined;
  if (byNetwork === bySlots) {
    throw new UsageError('give the epoch as --network NAME --epoch N, or as --first-slot N --epoch-length L');
  }
  const net = flags.network === undefined ? null : networkByName(flags.network);
  if (byNetwork) {
    if (!net) throw new UsageError('--epoch needs --network mainnet|preprod|preview');
    const epoch = parseIntFlag(flags.epoch, '--epoch');
    if (epoch < net.byronEpochs) throw new UsageError(`--epoch must be ≥ ${net.byronEpochs}, the first Shelley epoch of ${net.name}`);
    const s = epochSlots(net, epoch);
    return { net, epoch, firstSlot: s.firstSlot, epochLength: s.epochLength };
  }
  const firstSlot = parseIntFlag(flags.firstSlot, '--first-slot');
  const epochLength = parseIntFlag(flags.epochLength, '--epoch-length', 1);
  if (epochLength > 10_000_000) throw new UsageError('--epoch-length must be at most 10,000,000');
  return { net, epoch: null, firstSlot, epochLength };
}

/** Writes `text` to `path` through a temporary file and a rename (no partial file). */
async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, text, { mode: 0o644, flag: 'wx' });
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    throw new CliFailure('OUTPUT_WRITE_FAILED', `cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** Runs leaderlog with parsed flags. */
export async function leaderlog(flags: LeaderlogFlags): Promise<void> {
  if ((flags.vrfSkey === undefined) === (flags.keyId === undefined)) throw new UsageError('give exactly one of --vrf-skey FILE or --key-id ID');
  if (flags.config !== undefined && flags.keyId === undefined) throw new UsageError('--config goes with --key-id');
  if (flags.json && flags.csv) throw new UsageError('give at most one of --json and --csv');
  const nonce = parseNonceFlag(flags.epochNonce);
  const stake = parseStake(flags.poolStake, flags.activeStake);
  const asc = parseActiveSlotCoeff(flags.activeSlotCoeff);
  const span = epochFromFlags(flags);
  const workers = flags.workers === undefined ? undefined : parseIntFlag(flags.workers, '--workers', 1);
  const params: ScheduleParams = {
    mode: flags.mode,
    epochNonce: nonce,
    sigma: stake.sigma,
    activeSlotCoeff: asc.f,
    firstSlot: span.firstSlot,
    epochLength: span.epochLength,
  };

  const progress = progressBar(span.epochLength, 'slots');
  let slots: number[];
  let vrfVkey: Uint8Array;
  const started = Date.now();
  try {
    if (flags.vrfSkey !== undefined) {
      const key = await readVrfKeyFile(flags.vrfSkey, 'signing');
      if (key.kind !== 'signing') throw new UsageError('--vrf-skey must be a signing key');
      vrfVkey = key.publicKey;
      try {
        slots = await leaderSlotsParallel(key.secretKey, params, { workers, onProgress: (d) => progress.update(d) });
      } finally {
        key.secretKey.fill(0);
      }
    } else {
      const keyId = keyIdFlag(flags.keyId);
      ({ slots, vrfVkey } = await withBackend({ config: flags.config }, async (b) => {
        const vk = await b.publicKey(keyId);
        const s = await leaderSlotsWith(async (alpha) => (await b.prove(keyId, alpha, 'draft03')).output, params, {
          concurrency: 4,
          onProgress: (d) => progress.update(d),
        });
        return { slots: s, vrfVkey: vk };
      }));
    }
  } finally {
    progress.finish();
  }
  const seconds = (Date.now() - started) / 1000;

  const rows: LeaderRow[] = slots.map((slot) => ({
    slot,
    epoch_slot: slot - span.firstSlot,
    time: span.net ? slotToTime(span.net, slot).toISOString().replace('.000Z', 'Z') : null,
  }));
  const sigmaNum = Number(stake.pool) / Number(stake.active);
  const fNum = Number(asc.f.num) / Number(asc.f.den);
  const expected = span.epochLength * (1 - Math.pow(1 - fNum, sigmaNum));
  const title = span.epoch !== null && span.net ? `${span.net.name} epoch ${span.epoch} leader schedule` : `leader schedule, slots ${span.firstSlot}–${span.firstSlot + span.epochLength - 1}`;
  const summary: ScheduleSummary = {
    title,
    firstSlot: span.firstSlot,
    epochLength: span.epochLength,
    startTime: span.net ? slotToTime(span.net, span.firstSlot).toISOString() : null,
    slotLength: span.net ? span.net.slotLength : null,
    expected,
    rows,
  };
  if (flags.svg !== undefined) await writeAtomic(flags.svg, renderSvg(summary));
  if (flags.html !== undefined) await writeAtomic(flags.html, renderHtml(summary));

  if (flags.json) {
    printJson({
      network: span.net?.name ?? null,
      epoch: span.epoch,
      first_slot: span.firstSlot,
      epoch_length: span.epochLength,
      mode: flags.mode,
      epoch_nonce: bytesToHex(nonce),
      pool_stake: stake.pool.toString(),
      active_stake: stake.active.toString(),
      sigma: `${stake.sigma.num}/${stake.sigma.den}`,
      active_slot_coeff: asc.text,
      vrf_vkey: bytesToHex(vrfVkey),
      vrf_vkey_hash: bytesToHex(vrfKeyHash(vrfVkey)),
      key_source: flags.vrfSkey !== undefined ? 'vrf-skey' : 'key-id',
      expected_slots: Number(expected.toFixed(4)),
      leader_slots: slots,
      slots: rows,
      seconds: Number(seconds.toFixed(3)),
    });
  } else if (flags.csv) {
    process.stdout.write(renderCsv(rows));
  } else {
    process.stdout.write(renderTable(summary));
  }
}

/** Wires the demo page's form to {@link runDemoCheck} and shows the result. */
import { runDemoCheck, type DemoForm } from './check.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const value = (id: string) => $<HTMLInputElement | HTMLTextAreaElement>(id).value;

function readForm(): DemoForm {
  const mode = $<HTMLInputElement>('mode-header').checked ? 'header' : 'fields';
  return {
    mode,
    headerCbor: value('header-cbor'),
    slot: value('slot'),
    vrfVkey: value('vrf-vkey'),
    vrfProof: value('vrf-proof'),
    vrfOutput: value('vrf-output'),
    epochNonce: value('epoch-nonce'),
    stake: value('stake'),
    activeSlotCoeff: value('active-slot-coeff'),
  };
}

function setField(id: string, text: string | null): void {
  const el = $(id);
  el.textContent = text ?? '—';
}

function render(): void {
  const result = runDemoCheck(readForm());
  const verdict = $('verdict');
  const details = $('details');
  if (!result.ok) {
    verdict.textContent = result.error;
    verdict.className = 'error';
    details.hidden = true;
    return;
  }
  verdict.textContent = result.valid ? 'valid' : `invalid (${result.reason})`;
  verdict.className = result.valid ? 'valid' : 'invalid';
  details.hidden = false;
  setField('out-block', result.blockNumber);
  setField('out-slot', result.slot);
  setField('out-header-hash', result.headerHash);
  setField('out-vkey-hash', result.vrfVkeyHash);
  setField('out-alpha', result.alpha);
  setField('out-output', result.output);
  setField('out-leader-value', result.leaderValue);
  setField('out-nonce', result.nonceContribution);
  setField('out-sigma', result.sigma);
  setField('out-leader', result.leader === null ? null : result.leader ? 'yes: this stake wins the slot' : 'no: this stake does not win the slot');
}

function syncMode(): void {
  const header = $<HTMLInputElement>('mode-header').checked;
  $('header-inputs').hidden = !header;
  $('field-inputs').hidden = header;
}

$('check').addEventListener('click', render);
$('mode-header').addEventListener('change', syncMode);
$('mode-fields').addEventListener('change', syncMode);
syncMode();
document.body.dataset.ready = 'true';

/**
 * docs/cloud-custody.md stays true: its configuration examples pass the real
 * configuration parser, its IAM policy blocks are valid JSON naming only the KMS actions
 * the backend calls, the encryption-context keys it shows are the ones the backend
 * sends, and every cloud error code is documented.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { encryptionContextFor } from '../../src/custody/aws-kms/encryptionContext.js';
import { CloudErrorCode } from '../../src/custody/cloud/errors.js';
import { parseConfig } from '../../src/custody/config.js';
import { ROOT } from '../helpers/cli.js';

const doc = readFileSync(join(ROOT, 'docs', 'cloud-custody.md'), 'utf8');
const jsonBlocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);

test('the configuration examples parse with the real parser', () => {
  const configs = jsonBlocks.map((b) => JSON.parse(b) as { type?: string }).filter((j) => typeof j.type === 'string');
  assert.deepEqual(configs.map((c) => c.type).sort(), ['aws-kms', 'azure-keyvault']);
  for (const c of configs) assert.equal(parseConfig(c, '/etc/cardano-vrf', '/var/lib/cardano-vrf').type, c.type);
});

test('the IAM policies name only the KMS actions the backend uses, with its encryption context keys', () => {
  const used = new Set(['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Encrypt']);
  const statements = jsonBlocks
    .map((b) => JSON.parse(b.trim().startsWith('"') ? `{${b}}` : b) as { Statement?: unknown[]; Action?: unknown })
    .flatMap((j) => (j.Statement ?? (j.Action ? [j] : [])) as Array<{ Action: string | string[]; Condition?: unknown }>);
  assert.ok(statements.length >= 3);
  const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  for (const a of actions) assert.ok(used.has(a), `${a} is not an action the backend calls`);
  assert.deepEqual(new Set(actions), used);
  const ctx = encryptionContextFor('pool1-vrf', 'draft03');
  const keyList = Object.keys(ctx).map((k) => `"${k}"`).join(', ');
  assert.ok(doc.includes(`"kms:EncryptionContextKeys": [${keyList}]`), 'the policy lists exactly the context keys the backend sends');
  assert.ok(doc.includes(`"kms:EncryptionContext:purpose": "${ctx.purpose}"`));
});

test('every cloud error code is documented', () => {
  for (const code of Object.values(CloudErrorCode)) assert.ok(doc.includes(`\`${code}\``), `${code} missing from docs/cloud-custody.md`);
});

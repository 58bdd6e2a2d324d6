/**
 * The Microsoft Entra credential the Key Vault backend authenticates with, from the
 * configuration's `credential` member (secrets only through an environment variable or
 * a file, never the configuration itself):
 *
 * - `default` (or no `credential`): DefaultAzureCredential — environment
 *   (AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET or certificate), workload
 *   identity, managed identity, Azure CLI...; `client_id` selects a user-assigned identity.
 * - `managed-identity`: ManagedIdentityCredential (system-assigned, or user-assigned by `client_id`).
 * - `client-secret`: ClientSecretCredential for a service principal.
 *
 * With `authority_host` set (sovereign or private clouds) the authority is trusted as
 * given: MSAL's instance discovery against login.microsoftonline.com is switched off.
 */
import { readFile } from 'node:fs/promises';
import type { TokenCredential } from '@azure/identity';
import type { AzureCredentialConfig } from '../config.js';
import { CustodyError, CustodyErrorCode } from '../errors.js';

type IdentityModule = typeof import('@azure/identity');

/** Pipeline options passed to the credential (transport agent for proxies, private CAs, tests). */
export interface CredentialPipelineOptions {
  agent?: import('node:http').Agent;
  /** The backend passes `{ maxRetries: 0 }`: its own retry loop bounds token requests too. */
  retryOptions?: { maxRetries: number };
}

async function readSecret(cfg: AzureCredentialConfig, env: Record<string, string | undefined>): Promise<string> {
  if (cfg.client_secret_env) {
    const v = env[cfg.client_secret_env];
    if (v === undefined || v.length === 0) {
      throw new CustodyError(CustodyErrorCode.CONFIG_INVALID, `azure-keyvault: environment variable ${cfg.client_secret_env} (client secret) is not set`);
    }
    return v;
  }
  if (cfg.client_secret_file) {
    try {
      const text = await readFile(cfg.client_secret_file, 'utf8');
      const secret = text.replace(/\r?\n$/, '');
      if (secret.length === 0) throw new Error('empty');
      return secret;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'empty';
      throw new CustodyError(CustodyErrorCode.CONFIG_INVALID, `azure-keyvault: cannot read the client secret file ${cfg.client_secret_file} (${code})`);
    }
  }
  throw new CustodyError(CustodyErrorCode.CONFIG_INVALID, 'azure-keyvault: client-secret credential needs client_secret_env or client_secret_file');
}

/** Builds the credential; CONFIG_INVALID when a required value or the secret is missing. */
export async function buildCredential(
  identity: IdentityModule,
  cfg: AzureCredentialConfig | undefined,
  env: Record<string, string | undefined>,
  pipeline: CredentialPipelineOptions = {},
): Promise<TokenCredential> {
  const type = cfg?.type ?? 'default';
  const authority = cfg?.authority_host ? { authorityHost: cfg.authority_host, disableInstanceDiscovery: true } : {};
  const common = { ...pipeline, ...authority };
  switch (type) {
    case 'default':
      return new identity.DefaultAzureCredential({
        ...common,
        ...(cfg?.tenant_id ? { tenantId: cfg.tenant_id } : {}),
        ...(cfg?.client_id ? { managedIdentityClientId: cfg.client_id } : {}),
      });
    case 'managed-identity':
      return cfg?.client_id
        ? new identity.ManagedIdentityCredential({ ...common, clientId: cfg.client_id })
        : new identity.ManagedIdentityCredential({ ...common });
    case 'client-secret': {
      if (!cfg?.tenant_id || !cfg.client_id) {
        throw new CustodyError(CustodyErrorCode.CONFIG_INVALID, 'azure-keyvault: client-secret credential needs tenant_id and client_id');
      }
      const secret = await readSecret(cfg, env);
      return new identity.ClientSecretCredential(cfg.tenant_id, cfg.client_id, secret, common);
    }
    default: {
      const never: never = type;
      throw new CustodyError(CustodyErrorCode.CONFIG_INVALID, `azure-keyvault: unknown credential type ${String(never)}`);
    }
  }
}

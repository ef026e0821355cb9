/** ApiVersions: exactly the APIs and ranges this broker implements (supported-apis.ts). */
import { type ApiVersionsResponse, ErrorCode } from '@tributary/protocol';
import { SUPPORTED_APIS } from './supported-apis.js';

export async function handleApiVersions(): Promise<ApiVersionsResponse> {
  return {
    errorCode: ErrorCode.NONE,
    apiKeys: SUPPORTED_APIS.map((r) => ({ ...r })),
    throttleTimeMs: 0,
    supportedFeatures: [],
    finalizedFeaturesEpoch: -1n,
    finalizedFeatures: [],
    zkMigrationReady: false,
  };
}

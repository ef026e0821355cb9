/**
 * AlterConfigs and ElectLeaders messages of the controller service <-> the metadata package's types. Nullable strings
 * travel as value + has_* flag (proto3 scalars have no null).
 */
import type {
  AlterConfigsResource,
  AlterConfigsResult,
  ElectLeadersResult,
  LegacyAlterConfigsResource,
} from '@tributary/metadata';
import type {
  AlterConfigsResource__Output,
  AlterConfigsResource as WireAlterConfigsResource,
} from '../generated/tributary/controller/AlterConfigsResource.js';
import type {
  AlterConfigsResult__Output,
  AlterConfigsResult as WireAlterConfigsResult,
} from '../generated/tributary/controller/AlterConfigsResult.js';
import type {
  ElectLeadersResult__Output,
  ElectLeadersResult as WireElectLeadersResult,
} from '../generated/tributary/controller/ElectLeadersResult.js';

const nullable = (value: string, has: boolean): string | null => (has ? value : null);

/** Legacy resources travel with config_operation SET (0), which the controller ignores with `replace`. */
export function alterConfigsResourceToWire(
  resource: AlterConfigsResource | LegacyAlterConfigsResource,
): WireAlterConfigsResource {
  return {
    resourceType: resource.resourceType,
    resourceName: resource.resourceName,
    configs: resource.configs.map((config) => ({
      name: config.name,
      configOperation: 'configOperation' in config ? config.configOperation : 0,
      value: config.value ?? '',
      hasValue: config.value !== null,
    })),
  };
}

export function alterConfigsResourceFromWire(wire: AlterConfigsResource__Output): AlterConfigsResource {
  return {
    resourceType: wire.resourceType,
    resourceName: wire.resourceName,
    configs: wire.configs.map((config) => ({
      name: config.name,
      configOperation: config.configOperation,
      value: nullable(config.value, config.hasValue),
    })),
  };
}

export function alterConfigsResultToWire(result: AlterConfigsResult): WireAlterConfigsResult {
  return {
    resourceType: result.resourceType,
    resourceName: result.resourceName,
    errorCode: result.errorCode,
    errorMessage: result.errorMessage ?? '',
    hasErrorMessage: result.errorMessage !== null,
  };
}

export function alterConfigsResultFromWire(wire: AlterConfigsResult__Output): AlterConfigsResult {
  return {
    resourceType: wire.resourceType,
    resourceName: wire.resourceName,
    errorCode: wire.errorCode,
    errorMessage: nullable(wire.errorMessage, wire.hasErrorMessage),
  };
}

export function electLeadersResultToWire(result: ElectLeadersResult): WireElectLeadersResult {
  return {
    topic: result.topic,
    partition: result.partition,
    errorCode: result.errorCode,
    errorMessage: result.errorMessage ?? '',
    hasErrorMessage: result.errorMessage !== null,
  };
}

export function electLeadersResultFromWire(wire: ElectLeadersResult__Output): ElectLeadersResult {
  return {
    topic: wire.topic,
    partition: wire.partition,
    errorCode: wire.errorCode,
    errorMessage: nullable(wire.errorMessage, wire.hasErrorMessage),
  };
}

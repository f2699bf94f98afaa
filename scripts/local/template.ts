import { readFile } from 'node:fs/promises';
import { parse, type CollectionTag, type ScalarTag } from 'yaml';

/**
 * template.yaml read the way the local stack needs it: resources, function settings and event
 * wiring. CloudFormation's short-form tags (!Ref, !GetAtt, !Sub, …) become their long forms.
 */
export type CfnValue = unknown;

export interface TemplateFunction {
  logicalId: string;
  /** The folder under functions/ (from CodeUri dist/<name>/). */
  name: string;
  handler: string;
  timeoutSeconds: number;
  /** MemorySize (a parameter's default when it names one); Lambda's 128 when neither says. */
  memoryMb: number;
  /** EphemeralStorage's size: the /tmp it may fill (Lambda's 512 MB when not set). */
  ephemeralMb: number;
  /** The logical id of its execution role (`Role: !GetAtt XRole.Arn`). */
  roleLogicalId: string | null;
  /** EventInvokeConfig's MaximumRetryAttempts: retries of an asynchronous invocation (Lambda's 2 when not set). */
  asyncRetries: number;
  /** The logical ids of its layers (`Layers: [!Ref XLayer]`). */
  layers: string[];
  environment: Record<string, CfnValue>;
  events: Record<string, { Type: string; Properties: Record<string, CfnValue> }>;
}

export interface SamTemplate {
  parameters: Record<string, { Default?: unknown }>;
  /** The template's conditions, evaluated with the parameters' defaults (what a first deploy gets). */
  conditions: Record<string, boolean>;
  resources: Record<string, { Type: string; Properties?: Record<string, CfnValue> }>;
  functions: TemplateFunction[];
  resourceOfType(type: string): { logicalId: string; properties: Record<string, CfnValue> };
}

const INTRINSICS = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'Select',
  'Split',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Cidr',
  'GetAZs',
  'Condition',
];

const customTags: Array<ScalarTag | CollectionTag> = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const scalar: ScalarTag = {
    tag: `!${name}`,
    resolve: (value: string) => ({ [key]: name === 'GetAtt' ? value.split('.') : value }),
  };
  const seq: CollectionTag = {
    tag: `!${name}`,
    collection: 'seq',
    resolve: (value) => ({ [key]: (value as { toJSON(): unknown }).toJSON() }),
  };
  const map: CollectionTag = {
    tag: `!${name}`,
    collection: 'map',
    resolve: (value) => ({ [key]: (value as { toJSON(): unknown }).toJSON() }),
  };
  return [scalar, seq, map];
});

export async function readTemplate(file: string): Promise<SamTemplate> {
  const document = parse(await readFile(file, 'utf8'), { customTags }) as {
    Parameters?: SamTemplate['parameters'];
    Conditions?: Record<string, CfnValue>;
    Globals?: {
      Function?: { Timeout?: number; MemorySize?: CfnValue; Environment?: { Variables?: Record<string, CfnValue> } };
    };
    Resources: SamTemplate['resources'];
  };
  const globals = document.Globals?.Function ?? {};
  const functions: TemplateFunction[] = Object.entries(document.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Serverless::Function')
    .map(([logicalId, resource]) => {
      const props = (resource.Properties ?? {}) as {
        CodeUri?: string;
        Handler?: string;
        Timeout?: number;
        MemorySize?: CfnValue;
        EphemeralStorage?: { Size?: number };
        Role?: CfnValue;
        EventInvokeConfig?: { MaximumRetryAttempts?: number };
        Layers?: CfnValue[];
        Environment?: { Variables?: Record<string, CfnValue> };
        Events?: TemplateFunction['events'];
      };
      const parameterDefault = (value: CfnValue) =>
        typeof value === 'object' && value !== null && 'Ref' in value
          ? Number(document.Parameters?.[String((value as { Ref: string }).Ref)]?.Default)
          : Number(value);
      const name =
        String(props.CodeUri ?? '')
          .replace(/\/$/, '')
          .split('/')
          .pop() ?? logicalId;
      return {
        logicalId,
        name,
        handler: props.Handler ?? 'handler.handler',
        timeoutSeconds: props.Timeout ?? globals.Timeout ?? 3,
        memoryMb: parameterDefault(props.MemorySize ?? globals.MemorySize ?? 128),
        ephemeralMb: props.EphemeralStorage?.Size ?? 512,
        roleLogicalId: (props.Role as { 'Fn::GetAtt'?: string[] } | undefined)?.['Fn::GetAtt']?.[0] ?? null,
        asyncRetries: props.EventInvokeConfig?.MaximumRetryAttempts ?? 2,
        layers: (props.Layers ?? []).flatMap((layer) =>
          typeof layer === 'object' && layer !== null && 'Ref' in layer ? [String(layer.Ref)] : [],
        ),
        environment: { ...globals.Environment?.Variables, ...props.Environment?.Variables },
        events: props.Events ?? {},
      };
    });
  return {
    parameters: document.Parameters ?? {},
    conditions: evaluateConditions(document.Conditions ?? {}, document.Parameters ?? {}),
    resources: document.Resources,
    functions,
    resourceOfType(type) {
      const found = Object.entries(document.Resources).find(([, resource]) => resource.Type === type);
      if (!found) throw new Error(`template.yaml has no ${type}`);
      return { logicalId: found[0], properties: found[1].Properties ?? {} };
    },
  };
}

/** Resolves !Ref / !GetAtt / !Sub / !If against local names; anything else is kept as a string. */
export function resolveValue(value: CfnValue, refs: Record<string, string>): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const intrinsic = value as Record<string, unknown>;
  if ('Ref' in intrinsic) return lookup(refs, String(intrinsic.Ref));
  if ('Fn::GetAtt' in intrinsic) return lookup(refs, (intrinsic['Fn::GetAtt'] as string[]).join('.'));
  if ('Fn::If' in intrinsic) {
    // The conditions are evaluated with the parameters' defaults (resources.ts puts them in refs).
    const [condition, whenTrue, whenFalse] = intrinsic['Fn::If'] as [string, CfnValue, CfnValue];
    return resolveValue(lookup(refs, `Condition:${condition}`) === 'true' ? whenTrue : whenFalse, refs);
  }
  if ('Fn::Sub' in intrinsic && typeof intrinsic['Fn::Sub'] === 'string') {
    return intrinsic['Fn::Sub'].replace(/\$\{([\w.:]+)\}/g, (_match, name: string) => lookup(refs, name));
  }
  throw new Error(`local stack cannot resolve ${JSON.stringify(value)}`);
}

function lookup(refs: Record<string, string>, name: string): string {
  const value = refs[name];
  if (value === undefined) throw new Error(`local stack has no value for ${name}`);
  return value;
}

/** Conditions the local stack understands: Fn::Equals of a parameter (its default) and a value. */
function evaluateConditions(
  conditions: Record<string, CfnValue>,
  parameters: SamTemplate['parameters'],
): Record<string, boolean> {
  const value = (operand: unknown): string => {
    if (typeof operand === 'object' && operand !== null && 'Ref' in operand)
      return String(parameters[String((operand as { Ref: string }).Ref)]?.Default ?? '');
    return String(operand);
  };
  return Object.fromEntries(
    Object.entries(conditions).map(([name, condition]) => {
      const equals = (condition as { 'Fn::Equals'?: [unknown, unknown] })['Fn::Equals'];
      if (!equals) throw new Error(`local stack cannot evaluate condition ${name}: ${JSON.stringify(condition)}`);
      return [name, value(equals[0]) === value(equals[1])];
    }),
  );
}

/** Resolves Fn::If throughout a property tree with the template's conditions; everything else is kept. */
export function resolveConditions<T>(value: T, conditions: Record<string, boolean>): T {
  if (Array.isArray(value)) return value.map((entry) => resolveConditions(entry, conditions)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const branches = (value as Record<string, unknown>)['Fn::If'];
  if (Array.isArray(branches) && Object.keys(value).length === 1) {
    const [name, yes, no] = branches as [string, unknown, unknown];
    if (!(name in conditions)) throw new Error(`local stack has no condition ${name}`);
    return resolveConditions((conditions[name] ? yes : no) as T, conditions);
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [key, resolveConditions(entry, conditions)]),
  ) as T;
}

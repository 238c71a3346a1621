import type { ChatParams } from './provider.ts';

/**
 * `params.responseFormat` as OpenAI-compatible APIs take structured output: Chat Completions'
 * `response_format` of type `json_schema`, and the Responses API's `text.format`.
 */
type ResponseFormat = NonNullable<ChatParams['responseFormat']>;

function parts(rf: ResponseFormat): Record<string, unknown> {
  return {
    name: rf.name ?? 'response',
    schema: rf.jsonSchema,
    ...(rf.strict !== undefined ? { strict: rf.strict } : {}),
  };
}

/** Chat Completions: `response_format: { type: json_schema, json_schema: { name, schema, strict } }`. */
export function chatResponseFormat(rf: ResponseFormat): Record<string, unknown> {
  return { type: 'json_schema', json_schema: parts(rf) };
}

/** Responses API: `text.format: { type: json_schema, name, schema, strict }`. */
export function responsesTextFormat(rf: ResponseFormat): Record<string, unknown> {
  return { type: 'json_schema', ...parts(rf) };
}

/**
 * The message body now lives in elements/ and the send options in sendOptions.ts. Callback Answer
 * (not moved yet) still imports checkMsgBody from here: delete this file once it imports elements/json.
 */
export { checkMsgBody } from './elements/json';

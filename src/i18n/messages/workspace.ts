import { defineMessages } from '../define.js';

export const workspaceMessages = defineMessages({}, {});

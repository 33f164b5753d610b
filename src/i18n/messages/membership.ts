import { defineMessages } from '../define.js';

export const membershipMessages = defineMessages({}, {});

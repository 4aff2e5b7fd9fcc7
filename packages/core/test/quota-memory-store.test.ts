import { MemoryQuotaStore } from '@mailup-kit/core';
import { describeQuotaStoreConformance } from '@mailup-kit/core/testing';

describeQuotaStoreConformance('memory', { open: async (clock) => new MemoryQuotaStore({ clock }) });

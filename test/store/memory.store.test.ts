import { MemoryStore } from '../../src/store/memory/memory.store';
import { describeStoreContract } from './store-contract';

describeStoreContract('MemoryStore', async () => new MemoryStore());

describe('MemoryStore', () => {
  it('is of kind "memory"', () => {
    expect(new MemoryStore().kind).toBe('memory');
  });
});

// Issue 22: the app page reads the configuration the launch page validated for this tab instead of fetching and
// checking smart-config.json again (its validation code is not in the app page's script).
import { describe, expect, it } from 'vitest';
import { validateConfig, type EhrConfig } from '../../src/app/config';
import { keepConfig, keptConfig } from '../../src/app/kept-config';
import { MemoryStorage } from './memory-storage';
import shipped from '../../public/smart-config.json';

const ISS = 'https://ehr.example.org/fhir';
const entry: EhrConfig = { name: 'Example EHR', iss: [ISS], clientId: 'app', scope: 'openid patient/Patient.rs', pkceMode: 'ifSupported', observationPlan: 'full', extraParams: { Condition: { category: 'problem-list-item' } } };

describe('the configuration the launch page validated, for the app page', () => {
  it('the shipped configuration, once validated and kept, is read back whole', () => {
    const storage = new MemoryStorage();
    const configs = validateConfig(shipped);
    keepConfig(storage, configs);
    expect(keptConfig(storage)).toEqual(configs);
  });

  it('nothing kept, a foreign value or a refusing storage is no configuration (the defaults), never an error', () => {
    expect(keptConfig(new MemoryStorage())).toEqual([]);
    expect(keptConfig(undefined)).toEqual([]);
    const storage = new MemoryStorage();
    storage.setItem('kyphoplasty-config', '{not json');
    expect(keptConfig(storage)).toEqual([]);
    storage.setItem('kyphoplasty-config', JSON.stringify({ clientId: 'x' }));
    expect(keptConfig(storage)).toEqual([]);
    storage.setItem('kyphoplasty-config', JSON.stringify([entry, 'x', null, [1]]));
    expect(keptConfig(storage)).toEqual([entry]);
    const refusing = { setItem: () => { throw new Error('QuotaExceededError'); }, getItem: () => { throw new Error('SecurityError'); } };
    expect(() => keepConfig(refusing, [entry])).not.toThrow();
    expect(keptConfig(refusing)).toEqual([]);
  });
});

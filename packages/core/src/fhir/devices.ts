import type { Device, DeviceProperty, Quantity } from '@medplum/fhirtypes';
import type { Handpiece } from '../device/handpiece.js';
import { coreDiameterMm, type Needle } from '../device/needles.js';
import { UCUM } from './codes.js';
import { ids, ref } from './shared.js';

function quantity(value: number, unit: string, code: string): Quantity {
  return { value, unit, system: UCUM, code };
}

/** Property types are text: no code system for needle dimensions was found (ISO 9626 is not public). */
function property(text: string, value: Quantity): DeviceProperty {
  return { type: { text }, valueQuantity: [value] };
}

export function handpieceDevice(handpiece: Handpiece): Device {
  return {
    resourceType: 'Device',
    id: ids.handpiece(),
    status: 'active',
    deviceName: [{ name: 'Micro-Coring handpiece', type: 'user-friendly-name' }],
    type: { text: 'Micro-Coring handpiece (hollow coring needles with suction)' },
    property: [
      property('Needle count', quantity(handpiece.needleCount, 'needles', '1')),
      property('Field side', quantity(handpiece.fieldSideMm, 'mm', 'mm')),
      property('Time per field', quantity(handpiece.secondsPerField, 's', 's')),
      property(
        'Reposition time per field',
        quantity(handpiece.repositionSecondsPerField, 's', 's'),
      ),
    ],
    note: [{ text: `Figures are settings. Source: ${handpiece.source}` }],
  };
}

export function needleDevice(needle: Needle): Device {
  return {
    resourceType: 'Device',
    id: ids.needle(needle.gauge),
    status: 'active',
    deviceName: [
      {
        name: `${needle.gauge} ${needle.wall}-wall hollow coring needle`,
        type: 'user-friendly-name',
      },
    ],
    type: { text: 'Hollow coring needle' },
    property: [
      { type: { text: 'Gauge' }, valueCode: [{ text: needle.gauge }] },
      property('Outer diameter', quantity(needle.outerDiameterMm, 'mm', 'mm')),
      // The core a needle cuts is as wide as its inner diameter (docs/domain.md §1).
      property('Core (inner) diameter', quantity(coreDiameterMm(needle), 'mm', 'mm')),
    ],
    note: [{ text: `Nominal sizes. Source: ${needle.source}` }],
    parent: ref(ids.handpiece()),
  };
}

import type { Device, DeviceProperty, Quantity } from '@medplum/fhirtypes';
import type { Handpiece } from '../device/handpiece.js';
import { coreDiameterMm, type Needle } from '../device/needles.js';
import { UCUM } from './codes.js';
import { narrative } from './narrative.js';
import { ids, ref } from './shared.js';

function quantity(value: number, unit: string, code: string): Quantity {
  return { value, unit, system: UCUM, code };
}

/** A device's narrative: its name, each property as "name: value unit", and its note. */
function deviceText(name: string, properties: DeviceProperty[], note: string) {
  return narrative(
    `${name}.`,
    properties.map(
      (p) =>
        `${p.type.text}: ${[...(p.valueQuantity ?? []).map((q) => `${q.value} ${q.unit}`), ...(p.valueCode ?? []).map((c) => c.text)].join(', ')}`,
    ),
    note,
  );
}

/** Property types are text: no code system for needle dimensions was found (ISO 9626 is not public). */
function property(text: string, value: Quantity): DeviceProperty {
  return { type: { text }, valueQuantity: [value] };
}

export function handpieceDevice(handpiece: Handpiece): Device {
  const name = 'Micro-Coring handpiece';
  const properties: DeviceProperty[] = [
    property('Needle count', quantity(handpiece.needleCount, 'needles', '1')),
    property('Field side', quantity(handpiece.fieldSideMm, 'mm', 'mm')),
    property('Time per field', quantity(handpiece.secondsPerField, 's', 's')),
    property('Reposition time per field', quantity(handpiece.repositionSecondsPerField, 's', 's')),
  ];
  const note = `Figures are settings. Source: ${handpiece.source}`;
  return {
    resourceType: 'Device',
    id: ids.handpiece(),
    text: deviceText(name, properties, note),
    status: 'active',
    deviceName: [{ name, type: 'user-friendly-name' }],
    type: { text: 'Micro-Coring handpiece (hollow coring needles with suction)' },
    property: properties,
    note: [{ text: note }],
  };
}

export function needleDevice(needle: Needle): Device {
  const name = `${needle.gauge} ${needle.wall}-wall hollow coring needle`;
  const properties: DeviceProperty[] = [
    { type: { text: 'Gauge' }, valueCode: [{ text: needle.gauge }] },
    property('Outer diameter', quantity(needle.outerDiameterMm, 'mm', 'mm')),
    // The core a needle cuts is as wide as its inner diameter (docs/domain.md §1).
    property('Core (inner) diameter', quantity(coreDiameterMm(needle), 'mm', 'mm')),
  ];
  const note = `Nominal sizes. Source: ${needle.source}`;
  return {
    resourceType: 'Device',
    id: ids.needle(needle.gauge),
    text: deviceText(`${name}, used with the Micro-Coring handpiece`, properties, note),
    status: 'active',
    deviceName: [{ name, type: 'user-friendly-name' }],
    type: { text: 'Hollow coring needle' },
    property: properties,
    note: [{ text: note }],
    parent: ref(ids.handpiece()),
  };
}

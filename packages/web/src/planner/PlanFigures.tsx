import { Table, Text } from '@mantine/core';
import { memo } from 'react';
import { formatMinutes, formatMm, formatNumber, formatPercent } from './formatters';
import type { PlanSummary } from './packedPlan';
import classes from './planner.module.css';

interface PlanFiguresProps {
  readonly summary: PlanSummary;
}

/**
 * The plan's figures, per zone and in all, as the core computed them: cores, coverage reached
 * (and its target), the smallest skin bridge, the densest 1 cm² window, handpiece passes
 * (fields), strokes and the estimated treatment time.
 */
export const PlanFigures = memo(function PlanFigures({ summary }: PlanFiguresProps) {
  const { totals } = summary;
  return (
    <Table
      className={classes.figuresTable}
      striped
      withTableBorder
      verticalSpacing={4}
      aria-label="Plan figures"
      data-total-cores={totals.cores}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Zone</Table.Th>
          <Table.Th ta="right">Cores</Table.Th>
          <Table.Th ta="right">Coverage (target)</Table.Th>
          <Table.Th ta="right">Smallest bridge</Table.Th>
          <Table.Th ta="right">Densest 1 cm²</Table.Th>
          <Table.Th ta="right">Handpiece passes</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {summary.zones.map((zone) => (
          <Table.Tr key={zone.id} data-zone={zone.id}>
            <Table.Td>{zone.label}</Table.Td>
            <Table.Td ta="right">{formatNumber(zone.coreCount)}</Table.Td>
            <Table.Td ta="right">
              {formatPercent(zone.coverageFraction)} ({formatPercent(zone.coverageTarget, 1)})
            </Table.Td>
            <Table.Td ta="right">{formatMm(zone.minBridgeMm)}</Table.Td>
            <Table.Td ta="right">{formatPercent(zone.worstWindowCoverageFraction)}</Table.Td>
            <Table.Td ta="right">{formatNumber(zone.fieldCount)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr>
          <Table.Th>All zones</Table.Th>
          <Table.Th ta="right" data-testid="total-cores">
            {formatNumber(totals.cores)}
          </Table.Th>
          <Table.Th ta="right">{formatPercent(totals.coverageFraction)}</Table.Th>
          <Table.Th ta="right">{formatMm(totals.minBridgeMm)}</Table.Th>
          <Table.Th ta="right">{formatPercent(totals.worstWindowCoverageFraction)}</Table.Th>
          <Table.Th ta="right">{formatNumber(totals.fields)}</Table.Th>
        </Table.Tr>
        <Table.Tr>
          <Table.Td colSpan={6}>
            <Text size="sm">
              {formatNumber(totals.strokes)} strokes of the {summary.handpiece.needleCount}-needle
              handpiece over {formatNumber(totals.fields)} passes of {summary.handpiece.fieldSideMm}{' '}
              × {summary.handpiece.fieldSideMm} mm; estimated treatment time{' '}
              <strong>{formatMinutes(totals.estimatedMinutes)}</strong>. Treated area{' '}
              {formatNumber(totals.areaMm2 / 100, 1)} cm²; {summary.needle.gauge} cuts{' '}
              {formatMm(summary.needle.coreDiameterMm, 3)} cores.
            </Text>
            {summary.schemaVersion === 1 && (
              <Text size="sm" data-plan-format="1">
                Saved by an earlier planner (plan format 1): its densest 1 cm² figures count the
                cores whose centres fall in a square at sampled positions; plans made now give a
                proven bound over every position of the square.
              </Text>
            )}
          </Table.Td>
        </Table.Tr>
      </Table.Tfoot>
    </Table>
  );
});

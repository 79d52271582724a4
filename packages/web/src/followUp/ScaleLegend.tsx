import { Table } from '@mantine/core';
import { GAIS_SCALE, LEMPERLE_SCALE } from '@microcore/core';

/** What each grade means, with the scales' sources. */
export function ScaleLegend() {
  return (
    <Table withTableBorder fz="sm">
      <Table.Caption>
        {LEMPERLE_SCALE.name} (source: {LEMPERLE_SCALE.source}); {GAIS_SCALE.name}: 1–5 (source:{' '}
        {GAIS_SCALE.source})
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Lemperle grade</Table.Th>
          <Table.Th>Meaning</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {LEMPERLE_SCALE.grades.map((g) => (
          <Table.Tr key={g.value}>
            <Table.Td>{g.value}</Table.Td>
            <Table.Td>{g.description}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

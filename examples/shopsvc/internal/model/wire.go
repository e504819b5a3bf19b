package model

import (
	"encoding/binary"
	"errors"
	"hash/crc64"
	"io"
	"structs"
)

// SnapshotMagic opens every snapshot file.
const SnapshotMagic = 0x53

// SnapshotHeader starts an order snapshot file. The ops tooling reads it with
// a C struct of the same shape, so it keeps the platform's C layout.
type SnapshotHeader struct {
	_        structs.HostLayout
	Magic    uint8
	Count    uint32
	Version  uint8
	Checksum uint64
}

var crcTable = crc64.MakeTable(crc64.ECMA)

// WriteSnapshot writes a header for count records followed by payload.
func WriteSnapshot(w io.Writer, count int, payload []byte) error {
	h := SnapshotHeader{
		Magic:    SnapshotMagic,
		Count:    uint32(count),
		Version:  1,
		Checksum: crc64.Checksum(payload, crcTable),
	}
	if err := binary.Write(w, binary.LittleEndian, &h); err != nil {
		return err
	}
	_, err := w.Write(payload)
	return err
}

// ReadSnapshot reads back what WriteSnapshot wrote.
func ReadSnapshot(r io.Reader) (SnapshotHeader, []byte, error) {
	var h SnapshotHeader
	if err := binary.Read(r, binary.LittleEndian, &h); err != nil {
		return h, nil, err
	}
	if h.Magic != SnapshotMagic {
		return h, nil, errors.New("model: not a snapshot")
	}
	payload, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return h, nil, err
	}
	if crc64.Checksum(payload, crcTable) != h.Checksum {
		return h, nil, errors.New("model: snapshot checksum mismatch")
	}
	return h, payload, nil
}

// RecordHeader precedes every record of the audit log. The audit reader
// decodes the fields in declaration order, so the order is the format.
//
//heapwise:layout fixed
type RecordHeader struct {
	Kind   uint8
	Length uint32
	Flags  uint8
	Seq    uint64
}

// Audit record kinds.
const (
	RecordStatusChange uint8 = 1
	RecordImport       uint8 = 2
)

// AppendRecord appends h and payload to dst in the audit log encoding.
func AppendRecord(dst []byte, h RecordHeader, payload []byte) []byte {
	h.Length = uint32(len(payload))
	dst = append(dst, h.Kind)
	dst = binary.LittleEndian.AppendUint32(dst, h.Length)
	dst = append(dst, h.Flags)
	dst = binary.LittleEndian.AppendUint64(dst, h.Seq)
	return append(dst, payload...)
}

package model

import "time"

// Stamp records who changed something and when.
type Stamp struct {
	At time.Time `json:"at"`
	By string    `json:"by"`
}

// Shipment tracks the parcel of an order.
type Shipment struct {
	Delivered bool
	Stamp     // last status change
	Attempts  int64
	Signed    bool
	Carrier   string
}

// Dimensions of a parcel, used to pick a carrier tariff.
type Dimensions struct {
	Fragile                    bool
	WeightGrams                int64
	WidthMM, DepthMM, HeightMM int32
	Stackable                  bool
}

// VolumeLitres is the parcel volume rounded up to whole litres.
func (d Dimensions) VolumeLitres() int64 {
	mm3 := int64(d.WidthMM) * int64(d.DepthMM) * int64(d.HeightMM)
	return (mm3 + 999_999) / 1_000_000
}

// DeliverySlot is a delivery window offered at checkout.
type DeliverySlot struct {
	Express bool
	Day     int64 // days from the order date
	Weekend bool
}

// DefaultSlots are offered when the carrier API does not answer in time.
var DefaultSlots = []DeliverySlot{
	{true, 1, false},
	{false, 3, false},
	{false, 6, true},
}

// Due returns the delivery date of the slot for an order placed at t.
func (s DeliverySlot) Due(t time.Time) time.Time {
	due := t.AddDate(0, 0, int(s.Day))
	if !s.Weekend {
		for due.Weekday() == time.Saturday || due.Weekday() == time.Sunday {
			due = due.AddDate(0, 0, 1)
		}
	}
	return due
}

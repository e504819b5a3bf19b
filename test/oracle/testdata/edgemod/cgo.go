package edge

/*
struct pair { char a; long long b; char c; };
*/
import "C"

// WithC has a field of a C type: its layout comes from the C compiler.
type WithC struct {
	ok bool
	p  C.struct_pair
	n  int32
}

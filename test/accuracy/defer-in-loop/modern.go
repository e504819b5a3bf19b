package deferinloop

import "os"

// TouchMarkers creates the two marker files of a deployment; range over a small constant.
func TouchMarkers(dir string) error {
	for i := range 2 {
		f, err := os.Create(dir + "/marker" + string(rune('0'+i)))
		if err != nil {
			return err
		}
		defer f.Close() //accuracy: defer-in-loop no
	}
	return nil
}

// TouchAll creates one marker per host; the number of hosts is unbounded.
func TouchAll(dir string, hosts []string) error {
	for _, h := range hosts {
		f, err := os.Create(dir + "/" + h)
		if err != nil {
			return err
		}
		defer f.Close() //accuracy: defer-in-loop yes
	}
	return nil
}
